import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  TFPILOT_MODULE_ANNOTATION,
  TFPILOT_MODULE_ENTITY_TYPE,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  compareVersions,
  ModuleSpec,
  readModuleSpec,
  TFPILOT_LATEST_ANNOTATION,
} from './moduleSpec';

/** The catalog query of the module catalog page: every module version, only the fields shown. */
export const MODULE_CATALOG_QUERY = {
  filter: {
    kind: 'Component',
    'spec.type': TFPILOT_MODULE_ENTITY_TYPE,
  },
  fields: [
    'kind',
    'metadata.name',
    'metadata.namespace',
    'metadata.title',
    'metadata.description',
    'metadata.tags',
    `metadata.annotations.${TFPILOT_MODULE_ANNOTATION}`,
    `metadata.annotations.${TFPILOT_LATEST_ANNOTATION}`,
    'spec.type',
    'spec.owner',
    'spec.lifecycle',
    'spec.tfpilot.module',
    'spec.tfpilot.version',
    'spec.tfpilot.latest',
    'spec.tfpilot.versions',
    'spec.tfpilot.environments',
    'spec.tfpilot.providers',
    'spec.tfpilot.template',
  ],
};

/** One module of the catalog page, shown by its latest version. */
export interface CatalogModule {
  /** The entity of the latest version. */
  entity: Entity;
  entityRef: string;
  spec: ModuleSpec;
  /** The title without the version the catalog appends to it. */
  title: string;
  description: string;
  owner?: string;
  tags: string[];
  /** Provider names, e.g. `aws`. */
  providers: string[];
  /** How many versions the catalog holds. */
  versionCount: number;
}

function titleOf(entity: Entity, spec: ModuleSpec): string {
  const title = entity.metadata.title ?? spec.module;
  const suffix = ` ${spec.version}`;
  return spec.version && title.endsWith(suffix)
    ? title.slice(0, -suffix.length)
    : title;
}

/**
 * One entry per module (by `tfpilot/module`, per namespace): its latest
 * version (the one marked latest, else the highest), sorted by title.
 */
export function latestModules(entities: readonly Entity[]): CatalogModule[] {
  const groups = new Map<string, { entity: Entity; spec: ModuleSpec }[]>();
  for (const entity of entities) {
    const spec = readModuleSpec(entity);
    const key = `${entity.metadata.namespace ?? 'default'}/${spec.module}`;
    groups.set(key, [...(groups.get(key) ?? []), { entity, spec }]);
  }
  const modules = [...groups.values()].map(versions => {
    const latest =
      versions.find(v => v.spec.latest) ??
      [...versions].sort((a, b) =>
        compareVersions(b.spec.version, a.spec.version),
      )[0];
    const { entity, spec } = latest;
    const owner = entity.spec?.owner;
    return {
      entity,
      entityRef: stringifyEntityRef(entity),
      spec,
      title: titleOf(entity, spec),
      description: entity.metadata.description ?? '',
      owner: typeof owner === 'string' ? owner : undefined,
      tags: entity.metadata.tags ?? [],
      providers: [...new Set(spec.providers.map(p => p.name))].sort(),
      versionCount: Math.max(versions.length, spec.versions.length),
    };
  });
  return modules.sort((a, b) => a.title.localeCompare(b.title));
}

export interface ModuleFilters {
  text?: string;
  provider?: string;
  tag?: string;
  owner?: string;
}

/** Modules matching every filter; the text matches title, name, description and tags. */
export function filterModules(
  modules: readonly CatalogModule[],
  filters: ModuleFilters,
): CatalogModule[] {
  const words = (filters.text ?? '')
    .toLocaleLowerCase('en-US')
    .split(/\s+/)
    .filter(Boolean);
  return modules.filter(module => {
    if (filters.provider && !module.providers.includes(filters.provider)) {
      return false;
    }
    if (filters.tag && !module.tags.includes(filters.tag)) return false;
    if (filters.owner && module.owner !== filters.owner) return false;
    const haystack = [
      module.title,
      module.spec.module,
      module.description,
      ...module.tags,
      ...module.providers,
    ]
      .join(' ')
      .toLocaleLowerCase('en-US');
    return words.every(word => haystack.includes(word));
  });
}

/** The values a filter can take, sorted, for its select. */
export function filterOptions(modules: readonly CatalogModule[]) {
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  return {
    providers: sorted(modules.flatMap(m => m.providers)),
    tags: sorted(modules.flatMap(m => m.tags)),
    owners: sorted(modules.flatMap(m => (m.owner ? [m.owner] : []))),
  };
}
