import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  KubernetesValidatorFunctions,
} from '@backstage/catalog-model';
import {
  TFPILOT_MODULE_ANNOTATION,
  TFPILOT_MODULE_VERSION_ANNOTATION,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DirectoryOption } from '../config';
import { isDirectory } from '../provider/files';
import { oneLine } from '../util';
import { TEMPLATE_API_VERSION } from './moduleTemplate';

/** A preset read from a file, with where it came from. */
export interface Preset {
  entity: Entity;
  /** `file:<path>`, its managed-by-location. */
  location: string;
}

/** The published module versions, by module name. */
export type KnownModules = ReadonlyMap<string, readonly string[]>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isStringRecord = (value: unknown): value is Record<string, string> =>
  isRecord(value) && Object.values(value).every(v => typeof v === 'string');

/** Why a document is not a Template TfPilot can publish, or undefined. */
function presetProblem(
  doc: unknown,
  modules: KnownModules,
): string | undefined {
  if (!isRecord(doc)) return 'not a YAML mapping';
  if (doc.apiVersion !== TEMPLATE_API_VERSION || doc.kind !== 'Template') {
    return `not a ${TEMPLATE_API_VERSION} Template`;
  }
  const metadata = doc.metadata;
  if (
    !isRecord(metadata) ||
    !KubernetesValidatorFunctions.isValidObjectName(metadata.name)
  ) {
    return 'metadata.name is missing or not a valid entity name';
  }
  if (!isRecord(doc.spec)) return 'spec is missing';
  const annotations = metadata.annotations ?? {};
  if (!isStringRecord(annotations))
    return 'metadata.annotations must map to strings';
  const module = annotations[TFPILOT_MODULE_ANNOTATION];
  if (!module) return `the ${TFPILOT_MODULE_ANNOTATION} annotation is missing`;
  const versions = modules.get(module);
  if (!versions) return `module ${module} is not published`;
  const version = annotations[TFPILOT_MODULE_VERSION_ANNOTATION];
  if (version !== undefined && !versions.includes(version)) {
    return `module ${module} has no published version ${version}`;
  }
  return undefined;
}

/** The preset with the provider's location annotations. */
function located(doc: Entity, location: string): Entity {
  return {
    ...doc,
    metadata: {
      ...doc.metadata,
      annotations: {
        ...doc.metadata.annotations,
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
    },
  };
}

async function readPresetFile(
  path: string,
  modules: KnownModules,
  logger: LoggerService,
): Promise<Preset[]> {
  const location = `file:${path}`;
  const documents = parseAllDocuments(await readFile(path, 'utf8'));
  const presets: Preset[] = [];
  documents.forEach((document, i) => {
    const where = documents.length > 1 ? `${path} (document ${i + 1})` : path;
    if (document.errors.length > 0) {
      const reason = oneLine(document.errors[0]);
      logger.warn(
        `Skipped TfPilot template ${where}: not valid YAML: ${reason}`,
      );
      return;
    }
    const doc: unknown = document.toJS();
    const problem = presetProblem(doc, modules);
    if (problem) {
      logger.warn(`Skipped TfPilot template ${where}: ${problem}`);
      return;
    }
    // presetProblem checked the envelope; the catalog validates the rest.
    presets.push({ entity: located(doc as Entity, location), location });
  });
  return presets;
}

/**
 * Reads the hand-written preset Templates (`*.yaml`, `*.yml`, several
 * documents a file allowed) of a directory. Each must be a
 * `scaffolder.backstage.io/v1beta3` Template annotated with the
 * `tfpilot/module` it requests (and optionally `tfpilot/module-version`),
 * which must be published; any other is logged and skipped.
 */
export async function readPresets(
  dir: DirectoryOption,
  modules: KnownModules,
  logger: LoggerService,
): Promise<Preset[]> {
  const root = resolve(dir.path);
  if (!(await isDirectory(root))) {
    const message = `TfPilot templates directory ${root} does not exist`;
    if (dir.configured) logger.warn(message);
    else logger.debug(message);
    return [];
  }
  const files = (await readdir(root))
    .filter(name => /\.ya?ml$/.test(name))
    .sort();
  const presets: Preset[] = [];
  for (const file of files) {
    const path = join(root, file);
    try {
      presets.push(...(await readPresetFile(path, modules, logger)));
    } catch (e) {
      logger.warn(`Skipped TfPilot template ${path}: ${oneLine(e)}`);
    }
  }
  return presets;
}
