import { InputError } from '@backstage/errors';
import { ExecutorRunInput } from '@tfpilot/backstage-plugin-tfpilot-node';
import { GithubExecutorConfig } from './config';
import { GithubOctokit } from './github/client';
import { githubCall } from './github/errors';
import { requestBranch } from './names';
import { planRunIdFor } from './planRunId';

/** A workflow_dispatch to send: which workflow file, on which ref, with which inputs. */
export interface WorkflowDispatch {
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
}

/** The run GitHub started for a dispatch. */
export interface DispatchedRun {
  workflowRunId: number;
  htmlUrl?: string;
}

/**
 * Most requests one drift run checks, as the tfpilot-drift workflow accepts
 * (it fans them out over parallel jobs of 50). 2,000 ids of 27 characters
 * fit GitHub's 65,535-character limit on dispatch inputs.
 */
export const MAX_DRIFT_BATCH = 2000;

type DispatchConfig = Pick<
  GithubExecutorConfig,
  'baseBranch' | 'workflows' | 'tool' | 'toolVersion'
>;
type RequestPart = Pick<ExecutorRunInput, 'requestId' | 'environment'>;

function toolInputs(config: DispatchConfig): Record<string, string> {
  return {
    tool: config.tool,
    ...(config.toolVersion ? { tool_version: config.toolVersion } : {}),
  };
}

/** Plan runs on the request's branch, where its main.tf.json is. */
export function planDispatch(
  config: DispatchConfig,
  input: RequestPart,
): WorkflowDispatch {
  return {
    workflow: config.workflows.plan,
    ref: requestBranch(input.requestId),
    inputs: {
      request_id: input.requestId,
      environment: input.environment,
      ...toolInputs(config),
    },
  };
}

/** Apply runs on the request's branch and applies the saved plan of `plan_run_id`. */
export function applyDispatch(
  config: DispatchConfig,
  input: RequestPart & Pick<ExecutorRunInput, 'runs'>,
): WorkflowDispatch {
  return {
    workflow: config.workflows.apply,
    ref: requestBranch(input.requestId),
    inputs: {
      request_id: input.requestId,
      environment: input.environment,
      ...toolInputs(config),
      plan_run_id: String(planRunIdFor(input.requestId, input.runs)),
    },
  };
}

/** Destroy runs on the base branch, where the applied (merged) code lives. */
export function destroyDispatch(
  config: DispatchConfig,
  input: RequestPart,
): WorkflowDispatch {
  return {
    workflow: config.workflows.destroy,
    ref: config.baseBranch,
    inputs: {
      request_id: input.requestId,
      environment: input.environment,
      ...toolInputs(config),
    },
  };
}

/** Cleanup runs on the base branch: the request's branch is gone by then. */
export function cleanupDispatch(
  config: DispatchConfig,
  input: RequestPart,
): WorkflowDispatch {
  return {
    workflow: config.workflows.cleanup,
    ref: config.baseBranch,
    inputs: { request_id: input.requestId, environment: input.environment },
  };
}

/** One drift run checks a batch of applied requests of one environment. */
export function driftDispatch(
  config: DispatchConfig,
  batch: {
    environment: string;
    requestIds: readonly string[];
    batchId: string;
  },
): WorkflowDispatch {
  if (batch.requestIds.length === 0) {
    throw new InputError('A drift batch needs at least one request');
  }
  if (batch.requestIds.length > MAX_DRIFT_BATCH) {
    throw new InputError(
      `A drift batch checks at most ${MAX_DRIFT_BATCH} requests, not ${batch.requestIds.length}`,
    );
  }
  return {
    workflow: config.workflows.drift,
    ref: config.baseBranch,
    inputs: {
      environment: batch.environment,
      request_ids: batch.requestIds.join(' '),
      batch_id: batch.batchId,
      ...toolInputs(config),
    },
  };
}

/**
 * Sends a workflow_dispatch and returns the run it started (1 call). Asks
 * for `return_run_details`, GitHub's 200 answer naming the run; Octokit 20's
 * types predate it, so the answer is read here.
 */
export async function dispatchWorkflow(
  octokit: GithubOctokit,
  repository: { owner: string; repo: string },
  dispatch: WorkflowDispatch,
): Promise<DispatchedRun> {
  const response = await githubCall(`dispatch ${dispatch.workflow}`, () =>
    octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        ...repository,
        workflow_id: dispatch.workflow,
        ref: dispatch.ref,
        inputs: dispatch.inputs,
        return_run_details: true,
      },
    ),
  );
  const data: unknown = response.data;
  const workflowRunId =
    typeof data === 'object' && data !== null
      ? Reflect.get(data, 'workflow_run_id')
      : undefined;
  if (
    typeof workflowRunId !== 'number' ||
    !Number.isSafeInteger(workflowRunId) ||
    workflowRunId <= 0
  ) {
    throw new Error(
      `GitHub dispatched ${dispatch.workflow} but did not name the run (status ${response.status}); the executor needs a GitHub version that supports return_run_details`,
    );
  }
  const htmlUrl =
    typeof data === 'object' && data !== null
      ? Reflect.get(data, 'html_url')
      : undefined;
  return {
    workflowRunId,
    ...(typeof htmlUrl === 'string' ? { htmlUrl } : {}),
  };
}
