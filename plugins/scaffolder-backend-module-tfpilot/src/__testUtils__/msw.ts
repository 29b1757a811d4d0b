import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  RequestRun,
  RequestState,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/**
 * An msw server for the test file, failing on any request no handler
 * answers, plus the list of every request made in the current test.
 */
export function setUpMswServer() {
  const server = setupServer();
  registerMswTestHooks(server);
  const requests: string[] = [];
  beforeAll(() => {
    server.events.on('request:start', ({ request }) => {
      requests.push(`${request.method} ${new URL(request.url).pathname}`);
    });
  });
  beforeEach(() => {
    requests.length = 0;
  });
  return { server, requests };
}

export const REQUEST_ID = '01jc8z5n2w0000000000000000';
export const OTHER_REQUEST_ID = '01jc8z5n2w1111111111111111';

/** A request as GET /requests/:id answers it, with what the actions read. */
export function requestJson(
  overrides: {
    id?: string;
    status?: RequestState;
    revision?: number;
    environment?: string;
    runs?: Partial<RequestRun>[];
  } = {},
) {
  const id = overrides.id ?? REQUEST_ID;
  return {
    apiVersion: 'tfpilot.io/v1',
    id,
    module: { name: 's3-bucket', version: '1.0.0' },
    environment: overrides.environment ?? 'dev',
    inputs: { name: 'build-artifacts' },
    entityRef: 'component:default/checkout',
    owner: 'user:default/jane',
    revision: overrides.revision ?? 1,
    status: overrides.status ?? 'submitted',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    runs: (overrides.runs ?? []).map((run, i) => ({
      runId: `run-${i + 1}`,
      operation: 'plan',
      status: 'running',
      executor: 'github',
      startedAt: '2026-11-20T10:00:00.000Z',
      ...run,
    })),
  };
}

/** A Backstage error body, as the TfPilot backend sends it. */
export function errorJson(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}
