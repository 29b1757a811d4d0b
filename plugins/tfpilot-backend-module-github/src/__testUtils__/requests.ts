import {
  PullRequestRef,
  REQUEST_API_VERSION,
  RequestRun,
  summarizeCost,
  summarizePlanJson,
  TfRequest,
  toStoredPlan,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { ExecutorRunInput } from '@tfpilot/backstage-plugin-tfpilot-node';
import { readFixture } from '@tfpilot/test';

export const REQUEST_ID = '01jd8x3m4n5p6q7r8s9t0v1w2x';

/** Real third-party files: a Terraform plan and an Infracost breakdown. */
export const PLAN_JSON = readFixture('plans/tf-summarize__example.json');
export const INFRACOST_JSON = readFixture(
  'infracost/breakdown__format_json_with_usage.json',
);

/** What the engine hands the executor for a request. */
export function runInput(
  overrides: Partial<ExecutorRunInput> = {},
): ExecutorRunInput {
  return {
    requestId: REQUEST_ID,
    revision: 2,
    environment: 'dev',
    module: { name: 's3-bucket', version: '1.4.0' },
    inputs: { name: 'checkout-logs', tags: { team: 'payments' } },
    runs: [],
    ...overrides,
  };
}

export function succeededRun(
  runId: string,
  operation: RequestRun['operation'],
): RequestRun {
  return {
    runId,
    operation,
    status: 'succeeded',
    executor: 'github',
    startedAt: '2026-11-20T10:00:00.000Z',
    finishedAt: '2026-11-20T10:05:00.000Z',
  };
}

/** A stored request revision with a plan (and cost) of `planRunId`. */
export function plannedRequest(options: {
  planRunId: string;
  pullRequest: PullRequestRef;
  status?: TfRequest['status'];
  revision?: number;
}): TfRequest {
  const at = '2026-11-20T10:05:00.000Z';
  const status = options.status ?? 'awaiting_approval';
  const revision = options.revision ?? 4;
  return {
    apiVersion: REQUEST_API_VERSION,
    id: REQUEST_ID,
    module: { name: 's3-bucket', version: '1.4.0' },
    environment: 'dev',
    inputs: { name: 'checkout-logs' },
    entityRef: 'component:default/checkout',
    owner: 'user:default/alice',
    revision,
    status,
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: at,
    runs: [succeededRun(options.planRunId, 'plan')],
    plan: toStoredPlan(
      options.planRunId,
      summarizePlanJson(PLAN_JSON.toString('utf8')),
    ),
    cost: {
      runId: options.planRunId,
      summary: summarizeCost(JSON.parse(INFRACOST_JSON.toString('utf8'))),
    },
    pullRequest: options.pullRequest,
    event: {
      requestId: REQUEST_ID,
      seq: revision,
      type: 'planned',
      from: 'planning',
      to: 'planned',
      actor: 'executor:github',
      at,
      details: {},
    },
  };
}
