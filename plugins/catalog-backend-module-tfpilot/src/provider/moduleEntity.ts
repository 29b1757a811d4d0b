import { Entity } from '@backstage/catalog-model';
import {
  TFPILOT_MODULE_ANNOTATION,
  TFPILOT_MODULE_ENTITY_TYPE,
  TFPILOT_MODULE_VERSION_ANNOTATION,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { ModuleMetadata } from './moduleMetadata';

/** The first paragraph of a README that is prose, not a heading or badge. */
export function readmeSummary(readme: string | undefined): string | undefined {
  if (!readme) return undefined;
  const paragraph = readme
    .split(/\r?\n\s*\r?\n/)
    .map(p => p.trim())
    .find(
      p =>
        p && !p.startsWith('#') && !p.startsWith('[![') && !p.startsWith('<'),
    );
  return paragraph?.replace(/\s+/g, ' ');
}

/** A platform module as a catalog Component of type terraform-module. */
export function moduleEntity(options: {
  metadata: ModuleMetadata;
  readme?: string;
  location: string;
}): Entity {
  const { metadata, readme, location } = options;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: metadata.name,
      ...(metadata.title ? { title: metadata.title } : {}),
      description: metadata.description ?? readmeSummary(readme) ?? '',
      tags: metadata.tags,
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        [TFPILOT_MODULE_ANNOTATION]: metadata.name,
        [TFPILOT_MODULE_VERSION_ANNOTATION]: metadata.version,
      },
    },
    spec: {
      type: TFPILOT_MODULE_ENTITY_TYPE,
      lifecycle: metadata.lifecycle,
      owner: metadata.owner,
    },
  };
}
