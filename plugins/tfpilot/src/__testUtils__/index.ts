import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  LifecycleEvent,
  Metrics,
  MetricsFigures,
  StoredCost,
  StoredPlan,
  summarizeCost,
  summarizePlanJson,
  TfRequest,
  toStoredPlan,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { TfpilotApi } from '../api/TfpilotApi';

/** The shared third-party fixtures beside the checkout (`<repo>/../shared/fixtures`). */
const FIXTURES = resolve(__dirname, '../../../../../shared/fixtures');

export const REQUEST_ID = '01jd2k8q7m0000000000000000';

let idCounter = 0;
/**
 * A request id no other test used: Backstage caches permission decisions
 * per (permission, resourceRef) for a moment, across renders.
 */
export function uniqueRequestId(): string {
  idCounter += 1;
  return `01jd2k8q7m${String(idCounter).padStart(16, '0')}`;
}

/** The latest plan of a request from a real `terraform show -json` file. */
export function realPlan(
  file = 'policy-engine__resource-changes.json',
  runId = 'run-plan-1',
): StoredPlan {
  const summary = summarizePlanJson(
    readFileSync(resolve(FIXTURES, 'plans', file), 'utf8'),
  );
  return toStoredPlan(runId, summary);
}

/** A cost estimate from a real infracost JSON file. */
export function realCost(
  file = 'diff__compare_to_cost_decrease.json',
  runId = 'run-plan-1',
): StoredCost {
  return {
    runId,
    summary: summarizeCost(
      JSON.parse(readFileSync(resolve(FIXTURES, 'infracost', file), 'utf8')),
    ),
  };
}

export function makeEvent(
  overrides: Partial<LifecycleEvent> = {},
): LifecycleEvent {
  return {
    requestId: REQUEST_ID,
    seq: 1,
    type: 'submitted',
    from: null,
    to: 'submitted',
    actor: 'user:default/jane',
    at: '2026-11-20T10:00:00.000Z',
    details: {},
    ...overrides,
  };
}

/** A valid request revision; awaiting approval unless told otherwise. */
export function makeRequest(overrides: Partial<TfRequest> = {}): TfRequest {
  const status = overrides.status ?? 'awaiting_approval';
  const revision = overrides.revision ?? 4;
  return {
    apiVersion: 'tfpilot.io/v1',
    id: REQUEST_ID,
    module: { name: 'object-bucket', version: '1.2.0' },
    environment: 'dev',
    inputs: { name: 'checkout-assets' },
    entityRef: 'component:default/checkout',
    owner: 'user:default/jane',
    revision,
    status,
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:05:00.000Z',
    runs: [],
    event: makeEvent({
      seq: revision,
      type: 'approval_requested',
      from: 'planned',
      to: status,
      actor: 'system',
      at: '2026-11-20T10:05:00.000Z',
    }),
    ...overrides,
  };
}

function figures(
  totalRequests: number,
  overrides: Partial<MetricsFigures> = {},
): MetricsFigures {
  return {
    totalRequests,
    byStatus: { applied: Math.round(totalRequests * 0.6) },
    failures: Math.round(totalRequests * 0.1),
    successRate: 0.9,
    averageApplySeconds: 95,
    ...overrides,
  };
}

export function metricsFixture(): Metrics {
  return {
    ...figures(120, {
      byStatus: {
        applied: 70,
        awaiting_approval: 12,
        apply_failed: 8,
        planning: 5,
        submitted: 25,
      },
      failures: 8,
      successRate: 0.8974,
      averageApplySeconds: 131.5,
    }),
    byEnvironment: {
      dev: figures(60),
      stage: figures(40),
      prod: figures(20, { successRate: null, averageApplySeconds: null }),
    },
    byModule: {
      'object-bucket': figures(80),
      'postgres-db': figures(40),
    },
  };
}

/**
 * A TfpilotApi of jest mocks: each method runs the implementation given
 * (itself a jest.fn or a plain function), or rejects if the test gave none.
 */
export function mockTfpilotApi(
  implementations: Partial<TfpilotApi> = {},
): jest.Mocked<TfpilotApi> {
  const names: (keyof TfpilotApi)[] = [
    'getHealth',
    'listRequests',
    'getRequest',
    'listEvents',
    'transition',
    'promote',
    'getMetrics',
    'listDrift',
    'checkDrift',
  ];
  return Object.fromEntries(
    names.map(name => [
      name,
      jest.fn(
        (implementations[name] as
          | ((...args: unknown[]) => Promise<unknown>)
          | undefined) ??
          (async () => {
            throw new Error(`unexpected call to ${name}`);
          }),
      ),
    ]),
  ) as unknown as jest.Mocked<TfpilotApi>;
}

/** The error TfpilotClient throws for a failed answer of the backend. */
export async function responseError(
  status: number,
  message: string,
  name = 'Error',
): Promise<Error> {
  const { ResponseError } = await import('@backstage/errors');
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: message,
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

export * from './render';
