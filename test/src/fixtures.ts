import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoryRoot } from './github/locations';

/**
 * The shared third-party fixtures, found next to the repository checkout
 * (`<repo>/../shared/fixtures`) wherever the checkout lives.
 */
export const SHARED_FIXTURES_DIR = resolve(
  repositoryRoot(),
  '..',
  'shared',
  'fixtures',
);

/** A fixture file's bytes, by its path inside the fixtures folder. */
export function readFixture(path: string): Buffer {
  return readFileSync(resolve(SHARED_FIXTURES_DIR, path));
}
