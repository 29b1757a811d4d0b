import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { TfpilotClient } from './TfpilotClient';

describe('TfpilotClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const fetchApi = {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      fetch(
        String(input).replace(
          'plugin://tfpilot',
          'http://backstage.test/api/tfpilot',
        ),
        init,
      ),
  };

  it('reads the health of the backend', async () => {
    server.use(
      http.get('http://backstage.test/api/tfpilot/health', () =>
        HttpResponse.json({ status: 'ok' }),
      ),
    );
    await expect(new TfpilotClient({ fetchApi }).getHealth()).resolves.toEqual({
      status: 'ok',
    });
  });

  it("turns an error response into an error carrying the backend's message", async () => {
    server.use(
      http.get('http://backstage.test/api/tfpilot/health', () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'no access' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await expect(
      new TfpilotClient({ fetchApi }).getHealth(),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      body: { error: { message: 'no access' } },
    });
  });
});
