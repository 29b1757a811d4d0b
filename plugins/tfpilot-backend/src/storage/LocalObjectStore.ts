import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError } from '@backstage/errors';
import { ObjectStore, sameOrConflict } from './ObjectStore';

/** Names of files being written; never valid key segments, never listed. */
const TEMP_PREFIX = '.tfpilot-tmp-';

// Not `instanceof Error`: fs errors can come from another realm (e.g. jest).
function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) {
    return undefined;
  }
  return typeof error.code === 'string' ? error.code : undefined;
}

// Keys come from keys.ts, so none of this should ever trip; it keeps a bug
// elsewhere from turning into a write outside the store's directory.
function requireSafeKey(key: string): string {
  const unsafe =
    isAbsolute(key) ||
    key.includes('..') ||
    key.includes('\\') ||
    key.includes('\0') ||
    key
      .split('/')
      .some(s => s === '' || s === '.' || s.startsWith(TEMP_PREFIX));
  if (unsafe) throw new InputError(`unsafe object key: ${JSON.stringify(key)}`);
  return key;
}

/** A prefix is a key, a key with a trailing '/', or '' for everything. */
function requireSafePrefix(prefix: string): string {
  if (prefix !== '') requireSafeKey(prefix.replace(/\/$/, ''));
  return prefix;
}

/** S3 lists in UTF-8 byte order; do the same. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function writeFile(
  file: string,
  body: Buffer,
  fsync: boolean,
): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(body);
    if (fsync) await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Directory entries that can't be read (missing, or a file) are empty. */
async function readDirIfAny(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

/** An ObjectStore in a local directory: one file per key. */
export class LocalObjectStore implements ObjectStore {
  readonly #dir: string;

  readonly #fsync: boolean;

  /**
   * `fsync: true` flushes every object to disk before it becomes visible:
   * durable across power loss, at the price of one disk flush per write
   * (tens of writes per second on many disks). Without it, a crash of the
   * process loses nothing; a crash of the machine may lose the last writes.
   */
  constructor(options: { dir: string; fsync?: boolean }) {
    this.#dir = resolve(options.dir);
    this.#fsync = options.fsync ?? false;
  }

  async putIfAbsent(
    key: string,
    body: Buffer,
  ): Promise<'created' | 'unchanged'> {
    const file = this.#file(key);
    await mkdir(dirname(file), { recursive: true });
    // A complete temp file linked into place: readers never see a partial
    // object, and link() refuses to replace one, even across processes.
    const temp = join(dirname(file), `${TEMP_PREFIX}${randomUUID()}`);
    try {
      await writeFile(temp, body, this.#fsync);
      await link(temp, file);
      return 'created';
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    } finally {
      await rm(temp, { force: true });
    }
    return sameOrConflict(key, body, await readFile(file));
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.#file(key));
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
        return undefined;
      }
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    requireSafePrefix(prefix);
    // Walk the deepest directory the prefix names, then filter by the rest.
    const cut = prefix.lastIndexOf('/') + 1;
    yield* this.#walk(prefix.slice(0, cut), prefix.slice(cut));
  }

  /**
   * Keys under directory `base` (a key prefix ending in '/', or ''), in
   * byte order: a directory sorts as its name plus '/', which is exactly
   * how every key inside it starts.
   */
  async *#walk(base: string, namePrefix = ''): AsyncGenerator<string> {
    const entries = (await readDirIfAny(join(this.#dir, base)))
      .filter(e => e.name.startsWith(namePrefix))
      .filter(e => !e.name.startsWith(TEMP_PREFIX))
      .filter(e => e.isFile() || e.isDirectory())
      .map(e => (e.isDirectory() ? `${e.name}/` : e.name))
      .sort(byteOrder);
    for (const entry of entries) {
      if (entry.endsWith('/')) yield* this.#walk(base + entry);
      else yield base + entry;
    }
  }

  #file(key: string): string {
    return join(this.#dir, requireSafeKey(key));
  }
}
