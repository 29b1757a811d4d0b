import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** The command-line tools the local executor can drive, in order of preference. */
export const IAC_BINARIES = ['tofu', 'terraform'] as const;

/** @public */
export type IacBinaryName = (typeof IAC_BINARIES)[number];

/** @public */
export interface IacBinary {
  name: IacBinaryName;
  path: string;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds `tofu` (preferred) or `terraform` on a PATH string.
 * Returns undefined when neither is there.
 */
export async function findIacBinary(
  pathEnv: string = process.env.PATH ?? '',
): Promise<IacBinary | undefined> {
  const dirs = pathEnv.split(delimiter).filter(Boolean);
  for (const name of IAC_BINARIES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (await isExecutable(candidate)) {
        return { name, path: candidate };
      }
    }
  }
  return undefined;
}

/** The explanation given when a local run is asked for without a binary. */
export const NO_IAC_BINARY_MESSAGE =
  'The local executor needs OpenTofu (`tofu`) or Terraform (`terraform`) on PATH, and neither was found';
