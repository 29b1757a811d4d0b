import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  makeEvent,
  makeRequest,
  mockTfpilotApi,
  realCost,
  realPlan,
  uniqueRequestId,
} from './index';

export const planRun = {
  runId: 'run-plan-1',
  operation: 'plan' as const,
  status: 'succeeded' as const,
  executor: 'github',
  startedAt: '2026-11-20T10:01:00.000Z',
  finishedAt: '2026-11-20T10:03:30.000Z',
  url: 'https://github.com/acme/infra-live/actions/runs/1',
};

/** Awaiting approval, with a real plan (a delete among the changes) and a real cost decrease. */
export function plannedRequest(overrides: Partial<TfRequest> = {}): TfRequest {
  return makeRequest({
    id: uniqueRequestId(),
    runs: [planRun],
    plan: realPlan(),
    cost: realCost(),
    pullRequest: {
      number: 42,
      url: 'https://github.com/acme/infra-live/pull/42',
    },
    policy: {
      prePlan: [],
      postPlan: [
        {
          ruleId: 'sandbox-budget',
          severity: 'warning',
          message: 'Monthly cost rises by more than $100',
          remediation: 'Use a **smaller** instance size.',
        },
      ],
    },
    ...overrides,
  });
}

export const history = [
  makeEvent({ seq: 1 }),
  makeEvent({
    seq: 2,
    type: 'plan_requested',
    from: 'submitted',
    to: 'planning',
    actor: 'user:default/jane',
    runId: 'run-plan-1',
    at: '2026-11-20T10:01:00.000Z',
  }),
  makeEvent({
    seq: 3,
    type: 'planned',
    from: 'planning',
    to: 'planned',
    actor: 'executor:github',
    runId: 'run-plan-1',
    at: '2026-11-20T10:03:30.000Z',
  }),
  makeEvent({
    seq: 4,
    type: 'approval_requested',
    from: 'planned',
    to: 'awaiting_approval',
    actor: 'system',
    at: '2026-11-20T10:03:31.000Z',
  }),
];

export function apiFor(request: TfRequest) {
  return mockTfpilotApi({
    getRequest: jest.fn(async () => request),
    listEvents: jest.fn(async () => ({ items: history })),
  });
}

export const APPROVER = [
  'tfpilot.request.read',
  'tfpilot.request.plan',
  'tfpilot.request.approve',
  'tfpilot.request.apply',
  'tfpilot.request.cancel',
  'tfpilot.request.promote',
];

/** Awaiting approval, blocked by a post-plan finding of severity error. */
export function blockedRequest(): TfRequest {
  return plannedRequest({
    policy: {
      prePlan: [],
      postPlan: [
        {
          ruleId: 'protected-data',
          severity: 'error',
          message: 'aws_s3_bucket.delete_bucket would be deleted',
          target: 'aws_s3_bucket.delete_bucket',
          remediation: 'Keep the bucket, or remove it by hand.',
        },
      ],
    },
  });
}
