import { isError } from '@backstage/errors';
import { readdir, readFile, stat } from 'node:fs/promises';

const isMissing = (e: unknown) =>
  isError(e) && (e.code === 'ENOENT' || e.code === 'ENOTDIR');

/** A text file's content, or undefined when there is no such file. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
}

/** Names of the folders directly in `dir`, sorted; none when it does not exist. */
export async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter(e => e.isDirectory() && !e.name.startsWith('.'))
      .map(e => e.name)
      .sort();
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}
