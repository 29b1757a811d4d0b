import type { Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type {
  ModuleInspection,
  ModuleOutput,
  ModuleProvider,
  ModuleValidation,
  ModuleVariable,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { RESERVED_INPUT_NAMES } from '@tfpilot/backstage-plugin-tfpilot-common';
import { HclSyntaxError, parseHcl } from './hcl';
import {
  decodeValue,
  literalText,
  TemplateSyntaxError,
  templateText,
  wholeExpression,
} from './template';
import {
  parseTypeExpression,
  PendingDefault,
  TypeExpressionError,
} from './typeExpression';

/**
 * The directory is not a module `inspectModule` can read: missing, not a
 * directory, without `.tf` files, or with a file that is not valid HCL or not
 * a valid Terraform declaration. The message is one line and starts with the
 * path of the directory or file at fault.
 *
 * @public
 */
export class ModuleFormatError extends Error {
  name = 'ModuleFormatError';

  /**
   * @param message - the whole message, starting with `path`
   * @param path - the directory or file at fault
   */
  constructor(message: string, readonly path: string) {
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
  }
}

/** Where a problem lies: a file or directory, and maybe a block in that file. */
interface Where {
  path: string;
  /** `variable "x"`, `terraform`, ... */
  block?: string;
}

function fail(where: Where, reason: string): never {
  const prefix = where.block ? `${where.path}: ${where.block}` : where.path;
  throw new ModuleFormatError(`${prefix}: ${reason}`, where.path);
}

/** Larger `.tf` or README files are refused rather than parsed. */
export const MODULE_FILE_MAX_BYTES = 4 * 1024 * 1024;

// eslint-disable-next-line no-control-regex
const NAME = /^[^\s\x00-\x1f\x7f]+$/;
// Terraform reserves these for the arguments of `module` blocks.
const RESERVED_VARIABLE_NAMES = new Set(RESERVED_INPUT_NAMES);

type Body = Record<string, unknown>;

const isRecord = (v: unknown): v is Body =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const byName = <T extends { name: string }>(a: T, b: T): number =>
  compareStrings(a.name, b.name);

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function errorCode(e: unknown): string {
  return isRecord(e) && typeof e.code === 'string' ? e.code : String(e);
}

/** Files Terraform skips: hidden ones and editor backups. */
function isIgnoredFile(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.endsWith('~') ||
    (name.startsWith('#') && name.endsWith('#'))
  );
}

/** `override.tf` and `*_override.tf` amend the other files' blocks. */
function isOverrideFile(name: string): boolean {
  return name === 'override.tf' || name.endsWith('_override.tf');
}

async function listDirectory(dir: string): Promise<string[]> {
  let info: Stats;
  try {
    info = await stat(dir);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT') fail({ path: dir }, 'no such directory');
    if (code === 'ENOTDIR') fail({ path: dir }, 'not a directory');
    fail({ path: dir }, `cannot read the directory (${code})`);
  }
  if (!info.isDirectory()) fail({ path: dir }, 'not a directory');
  try {
    return (await readdir(dir)).sort(compareStrings);
  } catch (e) {
    return fail({ path: dir }, `cannot read the directory (${errorCode(e)})`);
  }
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readText(path: string, fatal: boolean): Promise<string> {
  let bytes: Buffer;
  try {
    const { size } = await stat(path);
    if (size > MODULE_FILE_MAX_BYTES) {
      fail({ path }, `larger than ${MODULE_FILE_MAX_BYTES} bytes (${size})`);
    }
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof ModuleFormatError) throw e;
    return fail({ path }, `cannot read the file (${errorCode(e)})`);
  }
  try {
    // Drops a leading byte order mark, as Terraform does.
    return new TextDecoder('utf-8', { fatal }).decode(bytes);
  } catch {
    return fail({ path }, 'not valid UTF-8 text');
  }
}

/** A labelled block (`variable "x" {}`) as hcl2json gives it. */
interface Block {
  name: string;
  /** The file name, relative to the module directory. */
  file: string;
  /** The file's path, for messages. */
  path: string;
  body: Body;
}

/**
 * The bodies of the `kind "label" {}` blocks of one file. hcl2json nests one
 * object level per label, so a block with no label or two labels shows up as
 * something other than an array of bodies.
 */
function labelledBlocks(
  doc: Body,
  kind: string,
  file: string,
  path: string,
): Block[] {
  const value = doc[kind];
  if (value === undefined) return [];
  if (!isRecord(value)) {
    fail({ path }, `a ${kind} block needs a name label`);
  }
  const blocks: Block[] = [];
  for (const [name, bodies] of Object.entries(value)) {
    if (!Array.isArray(bodies) || !bodies.every(isRecord)) {
      fail({ path }, `${kind} "${name}" must have exactly one label`);
    }
    for (const body of bodies) blocks.push({ name, file, path, body });
  }
  return blocks;
}

/** The bodies of unlabelled blocks (`terraform {}`), or of a nested block. */
function unlabelledBlocks(value: unknown, what: string, where: Where): Body[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) {
    fail(where, `${what} must be a block`);
  }
  return value;
}

/**
 * Terraform wants identifiers; documentation generators accept more (for
 * example `output "output-0.12"`), so only names that would break one-line
 * reports are refused.
 */
function checkName(kind: string, name: string, path: string): void {
  if (!NAME.test(name)) {
    fail(
      { path },
      `${kind} name ${JSON.stringify(
        name,
      )} is empty or contains spaces or control characters`,
    );
  }
}

function boolAttribute(
  body: Body,
  key: string,
  fallback: boolean,
  where: Where,
): boolean {
  const value = body[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  // Terraform converts the strings "true" and "false" to bools.
  if (value === 'true' || value === 'false') return value === 'true';
  return fail(where, `${key} must be true or false`);
}

function stringAttribute(body: Body, key: string, where: Where): string | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(where, `${key} must be a string`);
  try {
    return templateText(value);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return value;
    throw e;
  }
}

/** A string Terraform needs as a constant (a version constraint, a source address). */
function literalAttribute(
  body: Body,
  key: string,
  where: Where,
): string | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  const text = typeof value === 'string' ? safeLiteral(value) : undefined;
  return text ?? fail(where, `${key} must be a literal string`);
}

function safeLiteral(value: string): string | undefined {
  try {
    return literalText(value);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return undefined;
    throw e;
  }
}

function safeWholeExpression(value: string): string | undefined {
  try {
    return wholeExpression(value);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return undefined;
    throw e;
  }
}

/** A variable still waiting for the defaults inside its type. */
interface ParsedVariable {
  variable: ModuleVariable;
  defaults: PendingDefault[];
}

function readType(
  body: Body,
  where: Where,
): {
  text: string | null;
  parsed: ReturnType<typeof parseTypeExpression> | null;
} {
  const value = body.type;
  if (value === undefined || value === null)
    return { text: null, parsed: null };
  if (typeof value !== 'string') fail(where, 'type must be a type constraint');
  // `type = map(string)` arrives as "${map(string)}"; the legacy
  // `type = "string"` as a plain string.
  const text = safeWholeExpression(value) ?? safeLiteral(value);
  if (text === undefined) fail(where, 'type must be a type constraint');
  try {
    return { text, parsed: parseTypeExpression(text) };
  } catch (e) {
    if (e instanceof TypeExpressionError) {
      fail(where, `invalid type: ${e.message}`);
    }
    throw e;
  }
}

function readValidations(body: Body, where: Where): ModuleValidation[] {
  return unlabelledBlocks(body.validation, 'validation', where).map(block => {
    const condition = block.condition;
    let text: string | undefined;
    if (typeof condition === 'boolean') text = String(condition);
    else if (typeof condition === 'string') {
      text = safeWholeExpression(condition) ?? JSON.stringify(condition);
    }
    if (text === undefined) fail(where, 'a validation block needs a condition');
    const errorMessage = stringAttribute(block, 'error_message', where);
    if (errorMessage === null) {
      fail(where, 'a validation block needs an error_message');
    }
    return { condition: text, errorMessage };
  });
}

function readVariable(block: Block): ParsedVariable {
  const { name, file, path, body } = block;
  const where: Where = { path, block: `variable "${name}"` };
  checkName('variable', name, path);
  if (RESERVED_VARIABLE_NAMES.has(name)) {
    fail(where, 'the name is reserved by Terraform');
  }
  const type = readType(body, where);
  const hasDefault = 'default' in body;
  const decoded = hasDefault
    ? decodeValue(body.default)
    : { value: null, isExpression: false };
  return {
    variable: {
      name,
      file,
      type: type.text,
      typeSpec: type.parsed?.spec ?? null,
      description: stringAttribute(body, 'description', where),
      default: decoded.value,
      hasDefault,
      defaultIsExpression: decoded.isExpression,
      required: !hasDefault,
      sensitive: boolAttribute(body, 'sensitive', false, where),
      nullable: boolAttribute(body, 'nullable', true, where),
      ephemeral: boolAttribute(body, 'ephemeral', false, where),
      validations: readValidations(body, where),
    },
    defaults: type.parsed?.defaults ?? [],
  };
}

function readOutput(block: Block): ModuleOutput {
  const { name, file, path, body } = block;
  const where: Where = { path, block: `output "${name}"` };
  checkName('output', name, path);
  return {
    name,
    file,
    description: stringAttribute(body, 'description', where),
    sensitive: boolAttribute(body, 'sensitive', false, where),
  };
}

/** What is known about a provider so far. */
interface ProviderDraft {
  name: string;
  source: string | null;
  sourceFile: string | null;
  versions: string[];
  aliases: Set<string>;
  configured: boolean;
}

class ProviderCollector {
  private readonly drafts = new Map<string, ProviderDraft>();

  private draft(name: string, path: string): ProviderDraft {
    checkName('provider', name, path);
    let draft = this.drafts.get(name);
    if (!draft) {
      draft = {
        name,
        source: null,
        sourceFile: null,
        versions: [],
        aliases: new Set(),
        configured: false,
      };
      this.drafts.set(name, draft);
    }
    return draft;
  }

  /** One entry of `required_providers`: `aws = "~> 5.0"` or `aws = { source, version }`. */
  require(name: string, value: unknown, path: string, override: boolean): void {
    const where: Where = { path, block: `required_providers "${name}"` };
    let source: string | null = null;
    let version: string | null = null;
    const aliases: string[] = [];
    if (typeof value === 'string') {
      version = literalAttribute({ version: value }, 'version', where);
    } else if (isRecord(value)) {
      source = literalAttribute(value, 'source', where);
      version = literalAttribute(value, 'version', where);
      const configured = value.configuration_aliases;
      if (configured !== undefined) {
        const refs = Array.isArray(configured)
          ? configured.map(ref =>
              typeof ref === 'string' ? safeWholeExpression(ref) : undefined,
            )
          : [undefined];
        for (const ref of refs) {
          if (ref === undefined || !ref.startsWith(`${name}.`)) {
            fail(
              where,
              `configuration_aliases must be a list like [${name}.alias]`,
            );
          }
          aliases.push(ref);
        }
      }
    } else {
      fail(where, 'must be a version constraint string or { source, version }');
    }
    const draft = this.draft(name, path);
    if (override) {
      if (source !== null) draft.source = source;
      if (version !== null) draft.versions = [version];
      if (aliases.length > 0) draft.aliases = new Set(aliases);
      return;
    }
    if (source !== null) {
      if (
        draft.source !== null &&
        draft.source.toLowerCase() !== source.toLowerCase()
      ) {
        fail(
          where,
          `source ${JSON.stringify(source)} contradicts ${JSON.stringify(
            draft.source,
          )} in ${draft.sourceFile}`,
        );
      }
      draft.source ??= source;
      draft.sourceFile ??= basename(path);
    }
    if (version !== null && !draft.versions.includes(version)) {
      draft.versions.push(version);
    }
    for (const alias of aliases) draft.aliases.add(alias);
  }

  /** A `provider "name" {}` block. */
  configure(block: Block): void {
    const draft = this.draft(block.name, block.path);
    draft.configured = true;
    // Provider blocks could carry the constraint before required_providers existed.
    const version = literalAttribute(block.body, 'version', {
      path: block.path,
      block: `provider "${block.name}"`,
    });
    if (version !== null && !draft.versions.includes(version)) {
      draft.versions.push(version);
    }
  }

  providers(): ModuleProvider[] {
    return [...this.drafts.values()]
      .map(d => ({
        name: d.name,
        source: d.source,
        versionConstraint: d.versions.length > 0 ? d.versions.join(', ') : null,
        configurationAliases: [...d.aliases].sort(compareStrings),
        configured: d.configured,
      }))
      .sort(byName);
  }
}

/**
 * Evaluates the defaults written inside `optional(type, default)` with the
 * HCL parser, all at once: each becomes `dN = [<default>]`, so that a default
 * spread over several lines still parses.
 */
async function resolveDefaults(defaults: PendingDefault[]): Promise<void> {
  if (defaults.length === 0) return;
  const asExpression = (d: PendingDefault) =>
    d.resolve(`\${${d.source}}`, true);
  let doc: Body;
  try {
    doc = await parseHcl(
      'optional-defaults.tf',
      defaults.map((d, i) => `d${i} = [\n${d.source}\n]\n`).join(''),
    );
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) throw e;
    defaults.forEach(asExpression);
    return;
  }
  defaults.forEach((d, i) => {
    const value = doc[`d${i}`];
    if (Array.isArray(value) && value.length === 1) {
      const decoded = decodeValue(value[0]);
      d.resolve(decoded.value, decoded.isExpression);
    } else {
      asExpression(d);
    }
  });
}

/** Blocks gathered from every file, before they are checked and merged. */
interface Gathered {
  variables: Map<string, Block>;
  outputs: Map<string, Block>;
  requiredVersions: string[];
  providers: ProviderCollector;
}

function gather(
  gathered: Gathered,
  doc: Body,
  path: string,
  file: string,
  override: boolean,
): void {
  const labelled: Array<[string, Map<string, Block>]> = [
    ['variable', gathered.variables],
    ['output', gathered.outputs],
  ];
  for (const [kind, seen] of labelled) {
    for (const block of labelledBlocks(doc, kind, file, path)) {
      const first = seen.get(block.name);
      if (override) {
        if (!first) {
          fail(
            { path },
            `${kind} "${block.name}" is overridden but not declared in another file`,
          );
        }
        first.body = { ...first.body, ...block.body };
      } else if (first) {
        fail(
          { path },
          `${kind} "${block.name}" is declared twice (also in ${first.file})`,
        );
      } else {
        seen.set(block.name, block);
      }
    }
  }
  for (const body of unlabelledBlocks(doc.terraform, 'terraform', { path })) {
    const version = literalAttribute(body, 'required_version', {
      path,
      block: 'terraform',
    });
    if (version !== null) {
      if (override) gathered.requiredVersions.splice(0);
      if (!gathered.requiredVersions.includes(version)) {
        gathered.requiredVersions.push(version);
      }
    }
    for (const required of unlabelledBlocks(
      body.required_providers,
      'terraform.required_providers',
      { path },
    )) {
      for (const [name, value] of Object.entries(required)) {
        gathered.providers.require(name, value, path, override);
      }
    }
  }
  for (const block of labelledBlocks(doc, 'provider', file, path)) {
    gathered.providers.configure(block);
  }
}

/**
 * Reads a Terraform / OpenTofu module: every `*.tf` file directly in `dir`
 * (in name order; `override.tf` and `*_override.tf` last, amending the
 * others as Terraform does) and its README.md. Throws a
 * {@link ModuleFormatError} when the directory is not a readable module.
 *
 * @public
 */
export async function inspectModule(dir: string): Promise<ModuleInspection> {
  const names = await listDirectory(dir);
  const tfFiles: string[] = [];
  let readmeFile: string | null = null;
  for (const name of names) {
    if (isIgnoredFile(name)) continue;
    const path = join(dir, name);
    if (name.endsWith('.tf')) {
      if (await isRegularFile(path)) tfFiles.push(name);
    } else if (
      readmeFile === null &&
      name.toLowerCase() === 'readme.md' &&
      (await isRegularFile(path))
    ) {
      readmeFile = name;
    }
  }
  if (tfFiles.length === 0) {
    fail({ path: dir }, 'no .tf files in the directory');
  }

  const gathered: Gathered = {
    variables: new Map(),
    outputs: new Map(),
    requiredVersions: [],
    providers: new ProviderCollector(),
  };
  const ordered = [
    ...tfFiles.filter(f => !isOverrideFile(f)),
    ...tfFiles.filter(isOverrideFile),
  ];
  for (const file of ordered) {
    const path = join(dir, file);
    const text = await readText(path, true);
    let doc: Body;
    try {
      doc = await parseHcl(path, text);
    } catch (e) {
      if (e instanceof HclSyntaxError)
        throw new ModuleFormatError(e.message, path);
      throw e;
    }
    gather(gathered, doc, path, file, isOverrideFile(file));
  }

  const parsed = [...gathered.variables.values()].map(readVariable);
  await resolveDefaults(parsed.flatMap(p => p.defaults));
  const outputs = [...gathered.outputs.values()].map(readOutput);

  return {
    variables: parsed.map(p => p.variable).sort(byName),
    outputs: outputs.sort(byName),
    providers: gathered.providers.providers(),
    requiredVersion:
      gathered.requiredVersions.length > 0
        ? gathered.requiredVersions.join(', ')
        : null,
    readme: readmeFile ? await readText(join(dir, readmeFile), false) : null,
    readmeFile,
    files: tfFiles,
  };
}
