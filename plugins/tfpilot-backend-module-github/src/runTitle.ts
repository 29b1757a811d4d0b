import { REQUEST_ID_PATTERN } from '@tfpilot/backstage-plugin-tfpilot-common';
import { ExecutorOperation } from '@tfpilot/backstage-plugin-tfpilot-node';

/**
 * What a workflow run's title (`run-name`, `display_title` in the API) says
 * it is. The workflows name their runs so: `tfpilot <op> <requestId>`, or
 * `tfpilot drift <environment> <batchId>` for a drift batch. The title is the
 * only place a run carries its request: GitHub does not report dispatch inputs.
 */
export type RunTitle =
  | {
      operation: 'plan' | 'apply' | 'destroy' | 'cleanup';
      requestId: string;
    }
  | { operation: 'drift'; environment: string; batchId: string };

/** Run ids of drift batches: chosen by the executor, safe in a run name. */
export const BATCH_ID_PATTERN = /^[a-z0-9]{8,40}$/;

const REQUEST_TITLE = /^tfpilot (plan|apply|destroy|cleanup) (\S+)$/;
const DRIFT_TITLE = /^tfpilot drift ([a-z][a-z0-9-]{0,31}) ([a-z0-9]{8,40})$/;

/** Reads a run title; anything else (another workflow of the repository) gives undefined. */
export function parseRunTitle(title: string): RunTitle | undefined {
  const text = title.trim();
  const request = REQUEST_TITLE.exec(text);
  if (request && REQUEST_ID_PATTERN.test(request[2])) {
    return {
      operation: request[1] as 'plan' | 'apply' | 'destroy' | 'cleanup',
      requestId: request[2],
    };
  }
  const drift = DRIFT_TITLE.exec(text);
  if (drift) {
    return { operation: 'drift', environment: drift[1], batchId: drift[2] };
  }
  return undefined;
}

/** The title the workflow gives a run; the inverse of {@link parseRunTitle}. */
export function formatRunTitle(title: RunTitle): string {
  return title.operation === 'drift'
    ? `tfpilot drift ${title.environment} ${title.batchId}`
    : `tfpilot ${title.operation} ${title.requestId}`;
}

/** The engine's name for the operation a title names. */
export function executorOperationOf(title: RunTitle): ExecutorOperation {
  return title.operation === 'drift' ? 'driftCheck' : title.operation;
}
