import { LoggerService } from '@backstage/backend-plugin-api';
import { inspectModule } from '@tfpilot/backstage-plugin-tfpilot-node';
import { join, sep } from 'node:path';
import { joinUrl, oneLine } from '../util';
import { isFile, readIfExists, subdirectories } from './files';
import {
  MODULE_METADATA_FILE,
  parseModuleMetadata,
  RawModuleMetadata,
  validateModuleMetadata,
} from './moduleMetadata';
import { readmeSummary } from './readme';
import { ModuleExample, ModuleOrigin, ModuleRelease } from './types';

/** How to read the modules under one root folder. */
export interface ModuleFolderContext {
  /** tfpilot.yaml fields from config, under each module's own. */
  defaults: RawModuleMetadata;
  /** Where the folder at `relative` (`''` for the root) comes from. */
  originOf(relative: string): ModuleOrigin;
  logger: LoggerService;
}

const EXAMPLES_DIR = 'examples';

/**
 * The module folders under `root`, relative to it: the root itself when it
 * is a module (it has a tfpilot.yaml, or config names the module), else
 * each folder directly in it that has a tfpilot.yaml.
 */
export async function moduleFolders(
  root: string,
  defaults: RawModuleMetadata,
): Promise<string[]> {
  if (defaults.name !== undefined) return [''];
  if (await isFile(join(root, MODULE_METADATA_FILE))) return [''];
  const folders: string[] = [];
  for (const name of await subdirectories(root)) {
    if (await isFile(join(root, name, MODULE_METADATA_FILE))) {
      folders.push(name);
    }
  }
  return folders;
}

async function readMetadata(dir: string, defaults: RawModuleMetadata) {
  const text = await readIfExists(join(dir, MODULE_METADATA_FILE));
  try {
    return text === undefined
      ? validateModuleMetadata(defaults)
      : parseModuleMetadata(text, defaults);
  } catch (e) {
    const where =
      text === undefined ? 'metadata from config' : MODULE_METADATA_FILE;
    throw new Error(`${where}: ${oneLine(e)}`);
  }
}

async function readExamples(
  dir: string,
  origin: ModuleOrigin,
): Promise<ModuleExample[]> {
  const names = await subdirectories(join(dir, EXAMPLES_DIR));
  return Promise.all(
    names.map(async name => {
      const path = `${EXAMPLES_DIR}/${name}`;
      const readme = await readIfExists(
        join(dir, EXAMPLES_DIR, name, 'README.md'),
      );
      const description = readmeSummary(readme);
      return {
        name,
        path,
        ...(description ? { description } : {}),
        ...(origin.url ? { url: joinUrl(origin.url, EXAMPLES_DIR, name) } : {}),
      };
    }),
  );
}

/** The reason, with the module folder's own path left out of file names. */
function relativeReason(error: unknown, dir: string): string {
  const message = oneLine(error);
  const own = message.startsWith(`${dir}: `)
    ? message.slice(dir.length + 2)
    : message;
  return own.split(`${dir}${sep}`).join('').split(dir).join('.');
}

/**
 * Reads one module folder: its metadata, its Terraform (with the shared HCL
 * reader) and its examples. Throws with the reason when the module is broken.
 */
export async function readModuleRelease(
  dir: string,
  origin: ModuleOrigin,
  defaults: RawModuleMetadata,
): Promise<ModuleRelease> {
  try {
    const metadata = await readMetadata(dir, defaults);
    const inspection = await inspectModule(dir);
    const examples = await readExamples(dir, origin);
    return { metadata, inspection, examples, origin };
  } catch (e) {
    throw new Error(relativeReason(e, dir));
  }
}

/**
 * Reads every module under `root`. A broken module is logged with its
 * location and the reason, and skipped; the others are still read.
 */
export async function readModuleFolders(
  root: string,
  context: ModuleFolderContext,
): Promise<ModuleRelease[]> {
  const releases: ModuleRelease[] = [];
  for (const relative of await moduleFolders(root, context.defaults)) {
    const origin = context.originOf(relative);
    try {
      releases.push(
        await readModuleRelease(join(root, relative), origin, context.defaults),
      );
    } catch (e) {
      context.logger.warn(
        `Skipped TfPilot module ${origin.label}: ${oneLine(e)}`,
      );
    }
  }
  return releases;
}
