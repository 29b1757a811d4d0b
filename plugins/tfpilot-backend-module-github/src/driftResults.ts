import { RunArtifacts } from '@tfpilot/backstage-plugin-tfpilot-node';
import { ArtifactFiles } from './artifacts';

/** Name of the artifact a drift run uploads. */
export const DRIFT_ARTIFACT = 'tfpilot-drift';

/** What one request's drift check came to. */
export interface DriftCheckOutcome {
  status: 'succeeded' | 'failed';
  message: string;
  artifacts?: RunArtifacts;
}

// Files sit under drift/ in the artifact; accepted at its root too.
const stripDir = (path: string) => path.replace(/^drift\//, '');

/** The artifact files a drift run of these requests may hold. */
export function driftFileFilter(
  requestIds: readonly string[],
): (path: string) => boolean {
  const names = new Set([
    'results.json',
    ...requestIds.map(id => `${id}.json`),
  ]);
  return path => names.has(stripDir(path));
}

function fileNamed(files: ArtifactFiles, name: string): Buffer | undefined {
  return files.get(`drift/${name}`) ?? files.get(name);
}

/** `exitCode` of each request in `results.json`; entries of any other shape are left out. */
export function readDriftExitCodes(
  results: Buffer | undefined,
): Map<string, number> {
  const codes = new Map<string, number>();
  if (!results) {
    return codes;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(results.toString('utf8'));
  } catch {
    return codes;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return codes;
  }
  for (const [id, entry] of Object.entries(parsed)) {
    const exitCode: unknown =
      typeof entry === 'object' && entry !== null
        ? Reflect.get(entry, 'exitCode')
        : undefined;
    if (typeof exitCode === 'number') {
      codes.set(id, exitCode);
    }
  }
  return codes;
}

/**
 * Each request's outcome from a drift run's artifact. `plan -detailed-exitcode`
 * semantics: 0 in sync, 2 drifted (both a completed check, with the drift
 * plan as plan.json), 1 or no entry a failed check.
 */
export function driftOutcomes(
  files: ArtifactFiles | undefined,
  requestIds: readonly string[],
  runDescription: string,
): Map<string, DriftCheckOutcome> {
  const codes = readDriftExitCodes(
    files ? fileNamed(files, 'results.json') : undefined,
  );
  const outcomes = new Map<string, DriftCheckOutcome>();
  for (const id of requestIds) {
    const code = codes.get(id);
    const plan = files ? fileNamed(files, `${id}.json`) : undefined;
    const artifacts: RunArtifacts | undefined = plan
      ? { 'plan.json': plan }
      : undefined;
    if (code === 0 || code === 2) {
      outcomes.set(id, {
        status: 'succeeded',
        message:
          code === 0
            ? 'No drift: the infrastructure matches the recorded state'
            : 'Drift detected: the real infrastructure differs from the recorded state',
        ...(artifacts ? { artifacts } : {}),
      });
    } else {
      outcomes.set(id, {
        status: 'failed',
        message:
          code === undefined
            ? `The drift check reported no result for this request (${runDescription})`
            : `The drift check failed with exit code ${code} (${runDescription})`,
      });
    }
  }
  return outcomes;
}
