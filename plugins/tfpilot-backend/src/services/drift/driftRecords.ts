import {
  RequestRun,
  StoredDrift,
} from '@tfpilot/backstage-plugin-tfpilot-common';

/**
 * What a drift check's event says: the new state, the state before (so a
 * change, e.g. into `drifted`, is visible in the event alone) and how many
 * resources differ.
 */
export function driftCheckDetails(
  previous: StoredDrift | undefined,
  drift: StoredDrift,
): Record<string, unknown> {
  return {
    state: drift.state,
    previousState: previous?.state ?? 'unknown',
    driftedResources:
      (drift.resources?.length ?? 0) + (drift.omittedResources ?? 0),
  };
}

/**
 * Finished drift checks kept in a request's run list. A nightly check adds
 * one run a night; older ones stay in earlier revisions and in the log.
 */
export const KEPT_DRIFT_RUNS = 10;

/** The runs without the oldest finished drift checks, leaving room for one more. */
export function withRecentDriftRuns(runs: readonly RequestRun[]): RequestRun[] {
  const finished = runs.filter(
    r => r.operation === 'driftCheck' && r.status !== 'running',
  );
  const dropped = new Set(
    finished.slice(0, Math.max(0, finished.length - (KEPT_DRIFT_RUNS - 1))),
  );
  return runs.filter(r => !dropped.has(r));
}

/** A drift run started or found under way, and the requests it checks. */
export interface DriftRun {
  runId: string;
  url?: string;
  requestIds: string[];
}

/** What {@link RequestService.startDriftChecks} did with each request. */
export interface DriftChecksStarted {
  /** Runs started now. */
  started: DriftRun[];
  /** Checks that were already under way, left alone. */
  inFlight: DriftRun[];
  /** Requests not checked, and why. */
  skipped: { requestId: string; reason: string }[];
}

/** Adds `requestId` to the entry of its run, creating it on first sight. */
export function addToRun(
  runs: DriftRun[],
  run: Pick<RequestRun, 'runId' | 'url'>,
  requestId: string,
): void {
  const found = runs.find(r => r.runId === run.runId);
  if (found) {
    found.requestIds.push(requestId);
    return;
  }
  runs.push({
    runId: run.runId,
    ...(run.url ? { url: run.url } : {}),
    requestIds: [requestId],
  });
}
