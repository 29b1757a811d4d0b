import {
  DriftState,
  newRequestId,
  requestRecordSchema,
  RequestState,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { DriftItem, TfpilotApi } from '../../../api/TfpilotApi';

export const ENTITY_REF = 'component:default/checkout';

/**
 * A request record as the backend stores it, checked against the common
 * schema so tests never render a shape the backend cannot produce.
 */
export function makeRequest(options: {
  status: RequestState;
  updatedAt: string;
  cost?: { total: number | null; diff?: number | null; currency?: string };
  module?: string;
  environment?: string;
  entityRef?: string;
}): TfRequest {
  const time = Date.parse(options.updatedAt);
  const id = newRequestId(time - 60_000);
  const record = {
    apiVersion: 'tfpilot.io/v1',
    id,
    module: { name: options.module ?? 'object-bucket', version: '1.0.0' },
    environment: options.environment ?? 'dev',
    inputs: { name: 'checkout-assets' },
    entityRef: options.entityRef ?? ENTITY_REF,
    owner: 'user:default/guest',
    revision: 3,
    status: options.status,
    createdAt: new Date(time - 60_000).toISOString(),
    updatedAt: options.updatedAt,
    runs: [],
    ...(options.cost
      ? {
          cost: {
            runId: 'run-1',
            summary: {
              currency: options.cost.currency ?? 'USD',
              totalMonthlyCost: options.cost.total,
              pastTotalMonthlyCost: 0,
              diffTotalMonthlyCost: options.cost.diff ?? options.cost.total,
              projects: [],
            },
          },
        }
      : {}),
    event: {
      requestId: id,
      seq: 3,
      type: 'applied',
      from: 'applying',
      to: options.status,
      actor: 'user:default/guest',
      at: options.updatedAt,
      details: {},
    },
  };
  return requestRecordSchema.parse(record);
}

export function makeDrift(
  request: TfRequest,
  state: DriftState,
  resources: DriftItem['resources'] = [],
  /** null: never checked. */
  lastCheckedAt: string | null = '2024-05-02T03:00:00.000Z',
): DriftItem {
  return {
    requestId: request.id,
    module: request.module,
    environment: request.environment,
    entityRef: request.entityRef,
    owner: request.owner,
    state,
    ...(lastCheckedAt ? { lastCheckedAt } : {}),
    resources,
  };
}

/** A TfpilotApi whose list calls answer from arrays and record their filters. */
export function fakeTfpilotApi(data: {
  requests?: TfRequest[];
  drift?: DriftItem[];
}): jest.Mocked<Pick<TfpilotApi, 'listRequests' | 'listDrift' | 'checkDrift'>> {
  return {
    listRequests: jest.fn(async (filter, page) => {
      const items = (data.requests ?? []).filter(
        request =>
          (!filter?.entityRef ||
            filter.entityRef.includes(request.entityRef)) &&
          (!filter?.status || filter.status.includes(request.status)),
      );
      const start = page?.cursor ? Number(page.cursor) : 0;
      const limit = page?.limit ?? 50;
      const next = start + limit;
      return {
        items: items.slice(start, next),
        ...(next < items.length ? { nextCursor: String(next) } : {}),
      };
    }),
    listDrift: jest.fn(async filter => ({
      items: (data.drift ?? []).filter(
        item => !filter?.entityRef || item.entityRef === filter.entityRef,
      ),
    })),
    checkDrift: jest.fn(
      async (_target: { requestId: string } | { entityRef: string }) => ({
        requests: 1,
        runs: [{ runId: 'r1' }],
      }),
    ),
  };
}

export const checkoutEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default', title: 'Checkout' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/developers',
  },
};
