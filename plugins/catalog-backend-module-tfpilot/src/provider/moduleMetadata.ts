import { parse } from 'yaml';
import { oneLine } from '../util';

/** Contents of a module's tfpilot.yaml. */
export interface ModuleMetadata {
  name: string;
  version: string;
  title?: string;
  description?: string;
  owner: string;
  lifecycle: string;
  environments: string[];
  tags: string[];
}

/** The file that makes a folder a TfPilot module. */
export const MODULE_METADATA_FILE = 'tfpilot.yaml';

// Catalog entity names: letters, digits, '-', '_', '.', at most 63 characters.
const NAME_PATTERN = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;
const VERSION_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const TAG_PATTERN = /^[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*$/;

class MetadataError extends Error {}

function field<T>(
  value: unknown,
  name: string,
  check: (v: unknown) => v is T,
  reason: string,
): T {
  if (!check(value)) {
    throw new MetadataError(`${name}: ${reason}`);
  }
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const matches =
  (pattern: RegExp) =>
  (v: unknown): v is string =>
    typeof v === 'string' && v.length <= 63 && pattern.test(v);
const isStringList =
  (pattern: RegExp) =>
  (v: unknown): v is string[] =>
    Array.isArray(v) && v.every(matches(pattern));
const optional =
  <T>(check: (v: unknown) => v is T) =>
  (v: unknown): v is T | undefined =>
    v === undefined || check(v);

/** The fields of a tfpilot.yaml, not yet validated. */
export type RawModuleMetadata = Record<string, unknown>;

/** Reads tfpilot.yaml text into a mapping; throws when it is anything else. */
export function parseMetadataText(text: string): RawModuleMetadata {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new MetadataError(`not valid YAML: ${oneLine(e)}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new MetadataError('expected a YAML mapping');
  }
  return doc as RawModuleMetadata;
}

/**
 * Validates module metadata. Throws an error naming the field and the
 * reason, so one broken module is reported precisely and skipped.
 */
export function validateModuleMetadata(raw: RawModuleMetadata): ModuleMetadata {
  return {
    name: field(
      raw.name,
      'name',
      matches(NAME_PATTERN),
      'lower-case letters, digits and -_. only, at most 63 characters',
    ),
    version: field(
      raw.version,
      'version',
      matches(VERSION_PATTERN),
      'a semantic version such as 1.2.0',
    ),
    title: field(raw.title, 'title', optional(isString), 'a non-empty string'),
    description: field(
      raw.description,
      'description',
      optional(isString),
      'a non-empty string',
    ),
    owner: field(
      raw.owner,
      'owner',
      isString,
      'required: the owning group, e.g. group:default/platform',
    ),
    lifecycle: field(
      raw.lifecycle,
      'lifecycle',
      isString,
      'required: experimental, production or deprecated',
    ),
    environments: field(
      raw.environments ?? [],
      'environments',
      isStringList(NAME_PATTERN),
      'a list of environment names',
    ),
    tags: field(
      raw.tags ?? [],
      'tags',
      isStringList(TAG_PATTERN),
      'a list of catalog tags (lower-case, dash-separated)',
    ),
  };
}

/** Parses and validates tfpilot.yaml text. */
export function parseModuleMetadata(
  text: string,
  defaults: RawModuleMetadata = {},
): ModuleMetadata {
  return validateModuleMetadata({ ...defaults, ...parseMetadataText(text) });
}
