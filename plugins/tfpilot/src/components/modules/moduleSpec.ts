import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ModuleJsonValue,
  ModuleTypeSpec,
  ModuleValidation,
  TFPILOT_MODULE_ANNOTATION,
  TFPILOT_MODULE_ENTITY_TYPE,
  TFPILOT_MODULE_VERSION_ANNOTATION,
} from '@tfpilot/backstage-plugin-tfpilot-common';

/** Set to `'true'` on the entity of a module's latest version. */
export const TFPILOT_LATEST_ANNOTATION = 'tfpilot/latest';

/** One input of a module version, as the catalog module publishes it. */
export interface ModuleInput {
  name: string;
  typeSpec: ModuleTypeSpec | null;
  description: string | null;
  default: ModuleJsonValue;
  hasDefault: boolean;
  defaultIsExpression: boolean;
  required: boolean;
  sensitive: boolean;
  validations: ModuleValidation[];
}

export interface ModuleOutputInfo {
  name: string;
  description: string | null;
  sensitive: boolean;
}

export interface ModuleExampleInfo {
  name: string;
  path: string;
  description?: string;
  url?: string;
}

export interface ModuleProviderInfo {
  name: string;
  source: string | null;
  versionConstraint: string | null;
}

/**
 * `spec.tfpilot` of a module-version entity, read defensively: the frontend
 * mirror of `TfpilotModuleSpec` (catalog-backend-module-tfpilot), see
 * docs/module-catalog.md.
 */
export interface ModuleSpec {
  module: string;
  version: string;
  latest: boolean;
  /** Every published version, newest first. */
  versions: string[];
  environments: string[];
  source: { location?: string; url?: string };
  requiredVersion: string | null;
  providers: ModuleProviderInfo[];
  inputs: ModuleInput[];
  outputs: ModuleOutputInfo[];
  examples: ModuleExampleInfo[];
  /** Entity ref of the Template that requests this version, when one does. */
  template?: string;
  /** The module's README (Markdown), when the catalog carries it. */
  readme?: string;
}

type Obj = { [key: string]: unknown };

const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
const strOrNull = (value: unknown): string | null => str(value) ?? null;
const bool = (value: unknown): boolean => value === true;
const objects = (value: unknown): Obj[] =>
  Array.isArray(value) ? value.filter(isObject) : [];
const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];

function isJsonValue(value: unknown): value is ModuleJsonValue {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
    case 'object':
      return Array.isArray(value)
        ? value.every(isJsonValue)
        : Object.values(value as Obj).every(isJsonValue);
    default:
      return false;
  }
}

function isTypeSpec(value: unknown): value is ModuleTypeSpec {
  return isObject(value) && typeof value.kind === 'string';
}

function readInput(raw: Obj): ModuleInput | undefined {
  const name = str(raw.name);
  if (!name) return undefined;
  const hasDefault = bool(raw.hasDefault);
  return {
    name,
    typeSpec: isTypeSpec(raw.typeSpec) ? raw.typeSpec : null,
    description: strOrNull(raw.description),
    default: isJsonValue(raw.default) ? raw.default : null,
    hasDefault,
    defaultIsExpression: bool(raw.defaultIsExpression),
    // Terraform: a variable without a default must be set.
    required: typeof raw.required === 'boolean' ? raw.required : !hasDefault,
    sensitive: bool(raw.sensitive),
    validations: objects(raw.validations).flatMap(v => {
      const condition = str(v.condition);
      const errorMessage = str(v.errorMessage);
      return condition !== undefined && errorMessage !== undefined
        ? [{ condition, errorMessage }]
        : [];
    }),
  };
}

/**
 * True for the catalog entity of a TfPilot module version: a Component of
 * type `terraform-module` annotated with the module it describes.
 */
export function isTfpilotModuleEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    entity.spec?.type === TFPILOT_MODULE_ENTITY_TYPE &&
    Boolean(entity.metadata.annotations?.[TFPILOT_MODULE_ANNOTATION])
  );
}

/**
 * The module described by a module-version entity. Fields the entity lacks
 * (hand-written or older entities) come back empty rather than failing.
 */
export function readModuleSpec(entity: Entity): ModuleSpec {
  const raw = isObject(entity.spec?.tfpilot) ? entity.spec.tfpilot : {};
  const annotations = entity.metadata.annotations ?? {};
  const module =
    str(raw.module) ??
    annotations[TFPILOT_MODULE_ANNOTATION] ??
    entity.metadata.name;
  const version =
    str(raw.version) ?? annotations[TFPILOT_MODULE_VERSION_ANNOTATION] ?? '';
  const source = isObject(raw.source) ? raw.source : {};
  const versions = strings(raw.versions);
  return {
    module,
    version,
    latest:
      typeof raw.latest === 'boolean'
        ? raw.latest
        : annotations[TFPILOT_LATEST_ANNOTATION] === 'true',
    versions: versions.length > 0 ? versions : [version].filter(Boolean),
    environments: strings(raw.environments),
    source: { location: str(source.location), url: str(source.url) },
    requiredVersion: strOrNull(raw.requiredVersion),
    providers: objects(raw.providers).flatMap(p => {
      const name = str(p.name);
      return name
        ? [
            {
              name,
              source: strOrNull(p.source),
              versionConstraint: strOrNull(p.versionConstraint),
            },
          ]
        : [];
    }),
    inputs: objects(raw.inputs).flatMap(i => readInput(i) ?? []),
    outputs: objects(raw.outputs).flatMap(o => {
      const name = str(o.name);
      return name
        ? [
            {
              name,
              description: strOrNull(o.description),
              sensitive: bool(o.sensitive),
            },
          ]
        : [];
    }),
    examples: objects(raw.examples).flatMap(e => {
      const name = str(e.name);
      return name
        ? [
            {
              name,
              path: str(e.path) ?? `examples/${name}`,
              description: str(e.description),
              url: str(e.url),
            },
          ]
        : [];
    }),
    template: str(raw.template),
    readme: str(raw.readme),
  };
}

/** The entity ref of another version of the same module (same namespace). */
export function moduleVersionEntityRef(
  entity: Entity,
  module: string,
  version: string,
): string {
  return stringifyEntityRef({
    kind: 'component',
    namespace: entity.metadata.namespace ?? 'default',
    name: `${module}-${version}`,
  });
}

/** Route parameters of the scaffolder's template page for a Template ref. */
export function templateRouteParams(
  templateRef: string,
): { namespace: string; templateName: string } | undefined {
  try {
    const ref = parseEntityRef(templateRef, {
      defaultKind: 'template',
      defaultNamespace: 'default',
    });
    if (ref.kind.toLocaleLowerCase('en-US') !== 'template') return undefined;
    return { namespace: ref.namespace, templateName: ref.name };
  } catch {
    return undefined;
  }
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/;

/**
 * Semantic-version precedence (pre-releases before their release); text
 * that is not a version sorts before every version.
 */
export function compareVersions(a: string, b: string): number {
  const ma = SEMVER.exec(a);
  const mb = SEMVER.exec(b);
  if (!ma || !mb) {
    if (ma) return 1;
    if (mb) return -1;
    return a.localeCompare(b);
  }
  for (let i = 1; i <= 3; i++) {
    const diff = Number(ma[i]) - Number(mb[i]);
    if (diff !== 0) return diff;
  }
  const [pa, pb] = [ma[4], mb[4]];
  if (pa === pb) return 0;
  if (pa === undefined) return 1;
  if (pb === undefined) return -1;
  const partsA = pa.split('.');
  const partsB = pb.split('.');
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
    const [x, y] = [partsA[i], partsB[i]];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
