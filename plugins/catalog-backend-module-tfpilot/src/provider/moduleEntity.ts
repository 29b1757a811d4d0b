import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  EntityLink,
} from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  ModuleVariable,
  TFPILOT_MODULE_ANNOTATION,
  TFPILOT_MODULE_ENTITY_TYPE,
  TFPILOT_MODULE_VERSION_ANNOTATION,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { readmeSummary } from './readme';
import { ModuleInputSpec, ModuleRelease, TfpilotModuleSpec } from './types';

/** Annotation set to `'true'` on the entity of a module's latest version. */
export const TFPILOT_LATEST_ANNOTATION = 'tfpilot/latest';

/** Catalog name of a module version: `<module>-<version>`, e.g. `object-bucket-1.2.0`. */
export function moduleEntityName(module: string, version: string): string {
  return `${module}-${version}`;
}

/** How the module versions of one module relate. */
export interface ModuleVersions {
  /** Every version, newest first. */
  all: string[];
  latest: string;
  /** Entity ref of the module's generated Template, and the versions it offers. */
  template?: { ref: string; versions: string[] };
}

/**
 * A module input for the catalog: the variable without its file and written
 * type, and without the default of a sensitive variable.
 */
function inputSpec(variable: ModuleVariable): ModuleInputSpec {
  const { file: _file, type: _type, ...input } = variable;
  return variable.sensitive ? { ...input, default: null } : input;
}

/** The module's description: tfpilot.yaml's, else its README's first paragraph. */
export function moduleDescription(release: ModuleRelease): string {
  return (
    release.metadata.description ??
    readmeSummary(release.inspection.readme) ??
    ''
  );
}

export function tfpilotSpec(
  release: ModuleRelease,
  versions: ModuleVersions,
): TfpilotModuleSpec {
  const { metadata, inspection, examples, origin } = release;
  const offered = versions.template?.versions.includes(metadata.version);
  return {
    module: metadata.name,
    version: metadata.version,
    latest: metadata.version === versions.latest,
    versions: versions.all,
    environments: metadata.environments,
    source: {
      location: origin.location,
      ...(origin.url ? { url: origin.url } : {}),
    },
    requiredVersion: inspection.requiredVersion,
    providers: inspection.providers.map(p => ({
      name: p.name,
      source: p.source,
      versionConstraint: p.versionConstraint,
    })),
    inputs: inspection.variables.map(inputSpec),
    outputs: inspection.outputs.map(({ file: _file, ...output }) => output),
    examples,
    ...(offered && versions.template
      ? { template: versions.template.ref }
      : {}),
  };
}

/** A JSON copy: drops undefined fields and makes the value a `JsonObject`. */
function toJsonObject(value: object): JsonObject {
  const copy: JsonObject = JSON.parse(JSON.stringify(value));
  return copy;
}

function sourceLinks(release: ModuleRelease): EntityLink[] {
  const { url } = release.origin;
  return url ? [{ url, title: 'Module source' }] : [];
}

/**
 * One version of a module as a catalog `Component` of type
 * `terraform-module`, named `<module>-<version>`, with the module's inputs,
 * outputs, providers and examples under `spec.tfpilot`.
 */
export function moduleEntity(
  release: ModuleRelease,
  versions: ModuleVersions,
): Entity {
  const { metadata, origin } = release;
  const latest = metadata.version === versions.latest;
  const links = sourceLinks(release);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: moduleEntityName(metadata.name, metadata.version),
      title: `${metadata.title ?? metadata.name} ${metadata.version}`,
      description: moduleDescription(release),
      tags: metadata.tags,
      annotations: {
        [ANNOTATION_LOCATION]: origin.readFrom,
        [ANNOTATION_ORIGIN_LOCATION]: origin.readFrom,
        [ANNOTATION_SOURCE_LOCATION]: origin.location,
        [TFPILOT_MODULE_ANNOTATION]: metadata.name,
        [TFPILOT_MODULE_VERSION_ANNOTATION]: metadata.version,
        ...(latest ? { [TFPILOT_LATEST_ANNOTATION]: 'true' } : {}),
      },
      ...(links.length > 0 ? { links } : {}),
    },
    spec: {
      type: TFPILOT_MODULE_ENTITY_TYPE,
      lifecycle: metadata.lifecycle,
      owner: metadata.owner,
      tfpilot: toJsonObject(tfpilotSpec(release, versions)),
    },
  };
}
