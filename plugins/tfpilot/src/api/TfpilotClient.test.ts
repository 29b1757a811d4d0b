import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { makeEvent, makeRequest, metricsFixture } from '../__testUtils__';
import { TfpilotClient } from './TfpilotClient';

const BASE = 'http://backstage.test/api/tfpilot';

describe('TfpilotClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const fetchApi = {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      fetch(String(input).replace('plugin://tfpilot', BASE), init),
  };
  const client = () => new TfpilotClient({ fetchApi });

  it('reads the health of the backend', async () => {
    server.use(
      http.get(`${BASE}/health`, () => HttpResponse.json({ status: 'ok' })),
    );
    await expect(client().getHealth()).resolves.toEqual({ status: 'ok' });
  });

  it("turns an error response into an error carrying the backend's message", async () => {
    server.use(
      http.get(`${BASE}/health`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'no access' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await expect(client().getHealth()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      body: { error: { message: 'no access' } },
    });
  });

  describe('listRequests', () => {
    it('sends list filters comma-separated, with the cursor and limit', async () => {
      let url: URL | undefined;
      const page = { items: [makeRequest()], nextCursor: 'c2' };
      server.use(
        http.get(`${BASE}/requests`, ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json(page);
        }),
      );

      await expect(
        client().listRequests(
          {
            status: ['planned', 'applied'],
            environment: ['prod'],
            module: [],
            owner: ['user:default/jane'],
            entityRef: ['component:default/checkout'],
          },
          { cursor: 'c1', limit: 25 },
        ),
      ).resolves.toEqual(page);

      expect(Object.fromEntries(url!.searchParams)).toEqual({
        status: 'planned,applied',
        environment: 'prod',
        owner: 'user:default/jane',
        entityRef: 'component:default/checkout',
        cursor: 'c1',
        limit: '25',
      });
    });

    it('sends no query string without filters', async () => {
      let search: string | undefined;
      server.use(
        http.get(`${BASE}/requests`, ({ request }) => {
          search = new URL(request.url).search;
          return HttpResponse.json({ items: [] });
        }),
      );
      await client().listRequests();
      expect(search).toBe('');
    });
  });

  it('reads one request, escaping its id in the path', async () => {
    const request = makeRequest();
    let path: string | undefined;
    server.use(
      http.get(`${BASE}/requests/:id`, ({ request: req }) => {
        path = new URL(req.url).pathname;
        return HttpResponse.json(request);
      }),
    );
    await expect(client().getRequest(request.id)).resolves.toEqual(request);
    await client().getRequest('a/b');
    expect(path).toBe('/api/tfpilot/requests/a%2Fb');
  });

  it('pages through the events of a request', async () => {
    const page = { items: [makeEvent({ seq: 1 })], nextCursor: 'next' };
    let search: string | undefined;
    server.use(
      http.get(`${BASE}/requests/:id/events`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json(page);
      }),
    );
    await expect(
      client().listEvents('r1', { cursor: 'x', limit: 100 }),
    ).resolves.toEqual(page);
    expect(search).toBe('?cursor=x&limit=100');
  });

  it.each(['plan', 'approve', 'apply', 'destroy', 'cancel'] as const)(
    'posts a %s with its JSON body and returns the new revision',
    async action => {
      const updated = makeRequest({ revision: 5 });
      let body: unknown;
      let contentType: string | null = null;
      server.use(
        http.post(`${BASE}/requests/:id/${action}`, async ({ request }) => {
          body = await request.json();
          contentType = request.headers.get('content-type');
          return HttpResponse.json(updated);
        }),
      );
      await expect(
        client().transition('r1', action, {
          expectedRevision: 4,
          comment: 'ok',
        }),
      ).resolves.toEqual(updated);
      expect(body).toEqual({ expectedRevision: 4, comment: 'ok' });
      expect(contentType).toBe('application/json');
    },
  );

  it('sends an empty object when a transition has no body', async () => {
    let body: unknown;
    server.use(
      http.post(`${BASE}/requests/:id/cancel`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(makeRequest());
      }),
    );
    await client().transition('r1', 'cancel');
    expect(body).toEqual({});
  });

  it('surfaces a 409 conflict with its reason', async () => {
    server.use(
      http.post(`${BASE}/requests/:id/approve`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'request r1 is at revision 5, not 4',
            },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    await expect(
      client().transition('r1', 'approve', { expectedRevision: 4 }),
    ).rejects.toMatchObject({
      statusCode: 409,
      body: { error: { name: 'ConflictError' } },
    });
  });

  it('promotes a request and returns the new one', async () => {
    const promoted = makeRequest({ environment: 'stage' });
    let body: unknown;
    server.use(
      http.post(`${BASE}/requests/:id/promote`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(promoted, { status: 201 });
      }),
    );
    await expect(
      client().promote('r1', { expectedRevision: 3 }),
    ).resolves.toEqual(promoted);
    expect(body).toEqual({ expectedRevision: 3 });
  });

  it('reads the metrics', async () => {
    server.use(
      http.get(`${BASE}/metrics`, () => HttpResponse.json(metricsFixture())),
    );
    await expect(client().getMetrics()).resolves.toEqual(metricsFixture());
  });

  it('lists drift with its filters and starts a drift check', async () => {
    let search: string | undefined;
    let checkBody: unknown;
    server.use(
      http.get(`${BASE}/drift`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json({ items: [] });
      }),
      http.post(`${BASE}/drift/check`, async ({ request }) => {
        checkBody = await request.json();
        return HttpResponse.json({ requests: 1, runs: [{ runId: 'r-1' }] });
      }),
    );
    await expect(
      client().listDrift({
        entityRef: 'component:default/checkout',
        state: 'drifted',
      }),
    ).resolves.toEqual({ items: [] });
    expect(search).toBe(
      '?entityRef=component%3Adefault%2Fcheckout&state=drifted',
    );
    await expect(
      client().checkDrift({ entityRef: 'component:default/checkout' }),
    ).resolves.toEqual({ requests: 1, runs: [{ runId: 'r-1' }] });
    expect(checkBody).toEqual({ entityRef: 'component:default/checkout' });
  });
});
