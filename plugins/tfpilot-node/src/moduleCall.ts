import { RESERVED_INPUT_NAMES } from '@tfpilot/backstage-plugin-tfpilot-common';

/**
 * Arguments Terraform reserves in a `module` block. An input with one of
 * these names would change what the module call means, so it is refused.
 */
export const MODULE_META_ARGUMENTS = RESERVED_INPUT_NAMES;

/** Module names the local executor accepts: they become a folder name and a block label. */
export const LOCAL_MODULE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

/** The label of the generated `module` block: Terraform style, `-` becomes `_`. */
export function moduleBlockName(moduleName: string): string {
  return moduleName.replace(/-/g, '_');
}

function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** A copy of `value` whose plain objects have their keys in sorted order, at every depth. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeysDeep);
  }
  if (isPlainObject(value)) {
    const entries: Array<[string, unknown]> = Object.entries(value);
    // By UTF-16 code units, like Array#sort: independent of locale.
    entries.sort(([a], [b]) => compareCodeUnits(a, b));
    // fromEntries defines own properties, so a key such as `__proto__` stays data.
    return Object.fromEntries(
      entries.map(([key, child]) => [key, sortKeysDeep(child)]),
    );
  }
  return value;
}

/** Where Terraform keeps a request's state: a `backend` block, e.g. `s3` with its settings. */
export interface StateBackend {
  type: string;
  config: Record<string, unknown>;
}

/**
 * The `main.tf.json` of a request: one module call (plus the state backend
 * when given), keys sorted at every depth, two-space indentation and a
 * trailing newline, so the same request always gives the same bytes.
 */
export function renderMainTfJson(options: {
  moduleName: string;
  moduleSource: string;
  /** For registry sources, which take the version as an attribute. */
  moduleVersion?: string;
  inputs: Record<string, unknown>;
  backend?: StateBackend;
}): string {
  const { moduleName, moduleSource, moduleVersion, inputs, backend } = options;
  const document = {
    module: {
      [moduleBlockName(moduleName)]: {
        ...inputs,
        source: moduleSource,
        ...(moduleVersion ? { version: moduleVersion } : {}),
      },
    },
    ...(backend
      ? { terraform: { backend: { [backend.type]: backend.config } } }
      : {}),
  };
  return `${JSON.stringify(sortKeysDeep(document), null, 2)}\n`;
}

/** Input names that collide with a Terraform meta-argument, sorted. */
export function reservedInputNames(inputs: Record<string, unknown>): string[] {
  return Object.keys(inputs)
    .filter(key => MODULE_META_ARGUMENTS.includes(key))
    .sort();
}

/**
 * Every string found in the inputs (at any depth) that is long enough to be
 * worth hiding, with its JSON-escaped form when that differs: these are the
 * texts that must not reach a run message.
 */
export function secretCandidates(
  inputs: Record<string, unknown>,
  minLength = 4,
): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length >= minLength) {
        found.add(value);
        const escaped = JSON.stringify(value).slice(1, -1);
        if (escaped !== value) {
          found.add(escaped);
        }
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (isPlainObject(value)) {
      Object.values(value).forEach(visit);
    }
  };
  visit(inputs);
  // Longest first, so a value containing another is hidden whole.
  return [...found].sort((a, b) => b.length - a.length);
}
