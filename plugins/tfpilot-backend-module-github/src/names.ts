/**
 * Names the executor gives things in the infrastructure repository. The
 * workflows (`.github/workflows/tfpilot-*.yml`) rely on the same names.
 */

/** The branch holding a request's code. */
export function requestBranch(requestId: string): string {
  return `tfpilot/${requestId}`;
}

/** Where a request's module call lives in the repository. */
export function mainTfPath(environment: string, requestId: string): string {
  return `tfpilot/${environment}/${requestId}/main.tf.json`;
}

/** TfPilot run id of a GitHub workflow run. */
export function runIdOf(workflowRunId: number): string {
  return `gh-${workflowRunId}`;
}

// Positive and within Number's safe integers, which GitHub run ids are.
const GITHUB_RUN_ID = /^gh-([1-9][0-9]{0,15})$/;

/** The GitHub workflow run id behind a TfPilot run id, if it is one of ours. */
export function workflowRunIdOf(runId: string): number | undefined {
  const match = GITHUB_RUN_ID.exec(runId);
  if (!match) {
    return undefined;
  }
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : undefined;
}
