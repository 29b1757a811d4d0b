import {
  EventType,
  LifecycleEvent,
  REQUEST_API_VERSION,
  requestRecordSchema,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';

export const REQUEST_ID = '01hzy3b5c8d9e0f1g2h3j4k5m6';
/** An input value that must never appear in a notification. */
export const SECRET_INPUT = 'hunter2-do-not-leak';
/** Executor output that must never appear in a notification either. */
export const RUN_OUTPUT = `Error: wrong password ${SECRET_INPUT} for db`;

const AT = '2026-11-20T10:00:00.000Z';

const counts = {
  create: 2,
  update: 1,
  delete: 0,
  replace: 1,
  read: 0,
  noop: 3,
  forget: 0,
};

/** What the request looks like after `type`, for the views an event brings. */
function viewsFor(type: EventType): Partial<TfRequest> {
  const run = {
    runId: 'run-7',
    operation: type.startsWith('apply') ? 'apply' : 'plan',
    executor: 'fake',
    startedAt: AT,
    finishedAt: AT,
    url: 'https://ci.example.com/runs/7',
    message: RUN_OUTPUT,
  } as const;
  const failed = type.endsWith('_failed');
  return {
    runs: [{ ...run, status: failed ? 'failed' : 'succeeded' }],
    plan: {
      runId: 'run-7',
      summary: {
        formatVersion: '1.2',
        terraformVersion: '1.9.0',
        errored: false,
        counts,
        changes: [],
        drift: [],
        outputs: [
          {
            name: 'password',
            actions: ['create'],
            sensitive: false,
            value: SECRET_INPUT,
          },
        ],
      },
      omitted: { changes: 0, drift: 0, outputs: 0 },
    },
    cost: {
      runId: 'run-7',
      summary: {
        currency: 'USD',
        totalMonthlyCost: 45,
        pastTotalMonthlyCost: 32.7,
        diffTotalMonthlyCost: 12.3,
        projects: [],
      },
    },
  };
}

/**
 * A valid request revision whose event is `type` (status as the lifecycle
 * would have it), owned by `user:default/jane`, with an input that must
 * never be sent anywhere.
 */
export function requestRecord(
  type: EventType,
  overrides: Partial<Omit<TfRequest, 'event'>> & {
    event?: Partial<LifecycleEvent>;
  } = {},
): TfRequest {
  const { event, ...rest } = overrides;
  const status = rest.status ?? 'plan_failed';
  const revision = rest.revision ?? 3;
  return requestRecordSchema.parse({
    apiVersion: REQUEST_API_VERSION,
    id: REQUEST_ID,
    module: { name: 'object-bucket', version: '1.2.0' },
    environment: 'prod',
    inputs: { name: 'checkout-artifacts', db_password: SECRET_INPUT },
    entityRef: 'component:default/checkout',
    owner: 'user:default/jane',
    revision,
    status,
    createdAt: AT,
    updatedAt: AT,
    ...viewsFor(type),
    ...rest,
    event: {
      requestId: REQUEST_ID,
      seq: revision,
      type,
      from: 'planning',
      to: status,
      actor: 'executor:fake',
      runId: 'run-7',
      at: AT,
      details: {},
      ...event,
    },
  });
}
