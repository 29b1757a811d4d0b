import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function isWorkspaceRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
  return (
    typeof parsed === 'object' && parsed !== null && 'workspaces' in parsed
  );
}

/**
 * The monorepo's root, found by walking up from this package, so that a
 * clone in any directory (CI, a developer's machine) resolves the same places.
 */
export function repositoryRoot(): string {
  const start = resolvePackagePath('@tfpilot/test');
  for (let dir = start; ; dir = dirname(dir)) {
    if (isWorkspaceRoot(dir)) return dir;
    if (dirname(dir) === dir) {
      throw new Error(`no workspace root above ${start}`);
    }
  }
}

/** Where the repository keeps its reusable workflows. */
export function defaultWorkflowsDir(): string {
  return join(repositoryRoot(), '.github', 'workflows');
}

/** The shared third-party fixtures, cloned beside the repository. */
export function githubFixturesDir(): string {
  return resolve(repositoryRoot(), '..', 'shared', 'fixtures', 'github');
}
