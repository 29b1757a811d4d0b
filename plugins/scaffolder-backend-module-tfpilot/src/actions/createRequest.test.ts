import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createTfpilotRequestAction } from './createRequest';
import { TfpilotApiClient } from './TfpilotApiClient';

describe('tfpilot:request:create', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const discovery = mockServices.discovery.mock({
    getBaseUrl: async pluginId => `http://backstage.test/api/${pluginId}`,
  });
  const action = createTfpilotRequestAction({
    api: new TfpilotApiClient({ discovery, auth: mockServices.auth() }),
    appBaseUrl: 'http://portal.test',
  });
  type Context = Parameters<typeof action.handler>[0];
  // createMockActionContext keeps only some fields; apply the rest on top.
  const mockContext = (overrides: Partial<Context>): Context =>
    ({
      ...createMockActionContext(
        overrides as Parameters<typeof createMockActionContext>[0],
      ),
      ...overrides,
    } as unknown as Context);
  const input = {
    module: 's3-bucket',
    version: '1.0.0',
    environment: 'dev',
    inputs: { name: 'build-artifacts' },
    entityRef: 'component:default/checkout',
  };

  it('creates the request as the task initiator and outputs its id and page', async () => {
    let received: { body?: unknown; authorization?: string | null } = {};
    server.use(
      http.post(
        'http://backstage.test/api/tfpilot/requests',
        async ({ request }) => {
          received = {
            body: await request.json(),
            authorization: request.headers.get('authorization'),
          };
          return HttpResponse.json({ id: 'req-42' }, { status: 201 });
        },
      ),
    );
    const ctx = mockContext({
      input,
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/jane'),
    });

    await action.handler(ctx);

    expect(received.body).toEqual({
      module: { name: 's3-bucket', version: '1.0.0' },
      environment: 'dev',
      inputs: { name: 'build-artifacts' },
      entityRef: 'component:default/checkout',
    });
    expect(received.authorization).toMatch(/^Bearer .*user:default\/jane/);
    expect(ctx.output).toHaveBeenCalledWith('requestId', 'req-42');
    expect(ctx.output).toHaveBeenCalledWith(
      'url',
      'http://portal.test/tfpilot/requests/req-42',
    );
  });

  it("fails with TfPilot's own reason when the request is refused", async () => {
    server.use(
      http.post('http://backstage.test/api/tfpilot/requests', () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'environment: "qa" is not allowed',
            },
          },
          { status: 400 },
        ),
      ),
    );
    const ctx = mockContext({ input });

    await expect(action.handler(ctx)).rejects.toThrow(
      'TfPilot refused the request (HTTP 400): environment: "qa" is not allowed',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('calls nothing in a dry run', async () => {
    const ctx = mockContext({ input, isDryRun: true });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('requestId', 'dry-run');
  });
});
