import { ConflictError } from '@backstage/errors';
import { RequestRun } from '@tfpilot/backstage-plugin-tfpilot-common';
import { workflowRunIdOf } from './names';

/**
 * The GitHub run id of the plan an apply must carry out: the latest plan run
 * of the request that succeeded in GitHub Actions. The apply workflow
 * downloads that run's saved plan, so what was approved is what is applied.
 */
export function planRunIdFor(
  requestId: string,
  runs: readonly RequestRun[],
): number {
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i];
    if (run.operation !== 'plan' || run.status !== 'succeeded') {
      continue;
    }
    const id = workflowRunIdOf(run.runId);
    if (id !== undefined) {
      return id;
    }
  }
  throw new ConflictError(
    `Request ${requestId} has no succeeded GitHub plan run to apply; plan it first`,
  );
}
