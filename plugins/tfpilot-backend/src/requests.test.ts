import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createTfpilotRequestConditionalDecision,
  tfpilotRequestConditions,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { readdirSync } from 'node:fs';
import request from 'supertest';
import { readFixture } from '@tfpilot/test';
import { FakeExecutor } from './__testUtils__/FakeExecutor';
import { startTfpilotTestBackend } from './__testUtils__/startTfpilotTestBackend';

const body = {
  module: { name: 'object-bucket', version: '1.0.0' },
  environment: 'dev',
  inputs: { name: 'checkout-artifacts', tags: { owner: 'team-a' } },
  entityRef: 'component:default/checkout',
};

const jane = mockCredentials.user('user:default/jane');

describe('TfPilot requests API', () => {
  const dir = createMockDirectory();
  let executor: FakeExecutor;

  async function start(
    extraFeatures: Parameters<typeof startTestBackend>[0]['features'] = [],
  ) {
    const started = await startTfpilotTestBackend({
      storageDir: dir.path,
      features: extraFeatures,
    });
    executor = started.executor;
    return started.server;
  }

  const storedKeys = () => {
    try {
      return readdirSync(dir.path, { recursive: true, withFileTypes: true })
        .filter(e => e.isFile())
        .map(e => `${e.parentPath.slice(dir.path.length + 1)}/${e.name}`)
        .sort();
    } catch {
      return [];
    }
  };

  beforeEach(() => dir.clear());

  async function create(
    server: Awaited<ReturnType<typeof start>>,
    overrides = {},
  ) {
    const res = await request(server)
      .post('/api/tfpilot/requests')
      .set('Authorization', mockCredentials.user.header('user:default/jane'))
      .send({ ...body, ...overrides });
    expect(res.status).toBe(201);
    return res.body;
  }

  it('creates revision 1 in state submitted, owned by the caller, stored with its event', async () => {
    const server = await start();
    const created = await create(server);

    expect(created).toMatchObject({
      apiVersion: 'tfpilot.io/v1',
      revision: 1,
      status: 'submitted',
      owner: 'user:default/jane',
      module: body.module,
      event: {
        seq: 1,
        type: 'submitted',
        from: null,
        to: 'submitted',
        actor: 'user:default/jane',
      },
    });
    const day = created.createdAt.slice(0, 10).replace(/-/g, '/');
    expect(storedKeys()).toEqual([
      `logs/${day}/${created.id}/0000000001.json`,
      `requests/${created.id}/0000000001.json`,
    ]);

    const fetched = await request(server)
      .get(`/api/tfpilot/requests/${created.id}`)
      .set('Authorization', mockCredentials.user.header());
    expect(fetched.body).toEqual(created);
  });

  it('answers 400 naming each bad field, and stores nothing', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/tfpilot/requests')
      .send({
        ...body,
        module: { name: 'Bad Name', version: 'latest' },
        entityRef: '../etc',
        extra: 1,
      });

    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    for (const field of [
      'module.name',
      'module.version',
      'entityRef',
      'extra',
    ]) {
      expect(res.body.error.message).toContain(field);
    }
    expect(res.body.error.stack).toBeUndefined();
    expect(storedKeys()).toEqual([]);
  });

  it('refuses an environment that is not configured', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/tfpilot/requests')
      .send({ ...body, environment: 'qa' });

    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'environment: "qa" is not one of dev, stage, prod',
    );
  });

  it('answers malformed JSON with 400', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/tfpilot/requests')
      .set('content-type', 'application/json')
      .send('{"module":');
    expect(res.status).toBe(400);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    const server = await start();
    const unknown = await request(server).get(
      '/api/tfpilot/requests/01jzzzzzzzzzzzzzzzzzzzzzzz',
    );
    const hostile = await request(server).get(
      '/api/tfpilot/requests/..%2F..%2Fetc%2Fpasswd',
    );

    expect(unknown.status).toBe(404);
    expect(hostile.status).toBe(404);
  });

  it('runs the whole lifecycle: plan, approval, apply, then metrics and logs', async () => {
    const server = await start();
    const created = await create(server);
    const id = created.id;
    const act = (action: string, send: object = {}) =>
      request(server)
        .post(`/api/tfpilot/requests/${id}/${action}`)
        .set('Authorization', mockCredentials.user.header('user:default/jane'))
        .send(send);

    const planning = await act('plan');
    expect(planning.status).toBe(200);
    expect(planning.body).toMatchObject({ status: 'planning', revision: 2 });
    expect(planning.body.runs).toEqual([
      expect.objectContaining({
        runId: 'fake-plan-1',
        operation: 'plan',
        status: 'running',
        executor: 'fake',
      }),
    ]);

    await executor.lastRun().finish('succeeded', {
      artifacts: {
        'plan.json': readFixture('plans/tf-plan-format__create.json'),
        'cost.json': readFixture('infracost/breakdown__nochange.json'),
      },
    });
    const awaiting = await request(server).get(`/api/tfpilot/requests/${id}`);
    // The plan and its cost are summarised into the request by the shared parsers.
    expect(awaiting.body.plan).toMatchObject({
      runId: 'fake-plan-1',
      summary: { counts: { create: 1, delete: 0 }, errored: false },
      omitted: { changes: 0 },
    });
    expect(awaiting.body.cost).toMatchObject({
      runId: 'fake-plan-1',
      summary: { currency: 'USD' },
    });
    expect(awaiting.body).toMatchObject({
      status: 'awaiting_approval',
      revision: 4,
    });
    expect(storedKeys()).toContain(`artifacts/${id}/fake-plan-1/plan.json`);

    expect((await act('approve')).body.status).toBe('approved');
    expect((await act('apply')).body.status).toBe('applying');
    await executor.lastRun().finish('succeeded');
    // A redelivered result is applied once.
    await executor.lastRun().finish('succeeded');

    const applied = await request(server).get(`/api/tfpilot/requests/${id}`);
    expect(applied.body).toMatchObject({ status: 'applied', revision: 7 });

    const events = await request(server).get(
      `/api/tfpilot/requests/${id}/events`,
    );
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
      'submitted',
      'plan_requested',
      'planned',
      'approval_requested',
      'approved',
      'apply_requested',
      'applied',
    ]);
    expect(events.body.items[6]).toMatchObject({
      actor: 'executor:fake',
      runId: 'fake-apply-2',
      from: 'applying',
    });

    const logs = await request(server)
      .get('/api/tfpilot/logs')
      .query({ type: 'approved,applied', requestId: id });
    expect(logs.body.items.map((e: { type: string }) => e.type)).toEqual([
      'approved',
      'applied',
    ]);
    const byActor = await request(server)
      .get('/api/tfpilot/logs')
      .query({ actor: 'system' });
    expect(byActor.body.items.map((e: { type: string }) => e.type)).toEqual([
      'approval_requested',
    ]);

    const metrics = await request(server).get('/api/tfpilot/metrics');
    expect(metrics.body).toMatchObject({
      totalRequests: 1,
      failures: 0,
      successRate: 1,
      byEnvironment: { dev: { totalRequests: 1, successRate: 1 } },
      byModule: { 'object-bucket': { totalRequests: 1 } },
    });
    expect(metrics.body.averageApplySeconds).toBeGreaterThanOrEqual(0);
  });

  it('refuses an illegal transition with 409 and the current state', async () => {
    const server = await start();
    const { id } = await create(server);

    const res = await request(server).post(
      `/api/tfpilot/requests/${id}/approve`,
    );

    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('(current state: submitted)');
    const again = await request(server).get(`/api/tfpilot/requests/${id}`);
    expect(again.body.revision).toBe(1);
  });

  it('refuses a stale expectedRevision with 409', async () => {
    const server = await start();
    const { id } = await create(server);
    await request(server).post(`/api/tfpilot/requests/${id}/plan`).send({});

    const res = await request(server)
      .post(`/api/tfpilot/requests/${id}/cancel`)
      .send({ expectedRevision: 1 });

    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('is at revision 2, not 1');
  });

  it('lets only one of two concurrent cancels through', async () => {
    const server = await start();
    const { id } = await create(server);

    const results = await Promise.all([
      request(server).post(`/api/tfpilot/requests/${id}/cancel`),
      request(server).post(`/api/tfpilot/requests/${id}/cancel`),
    ]);

    expect(results.map(r => r.status).sort()).toEqual([200, 409]);
  });

  it('stores nothing when the executor cannot start the run', async () => {
    const server = await start();
    const { id } = await create(server);
    executor.failToStart = 'GitHub is down';

    const res = await request(server).post(`/api/tfpilot/requests/${id}/plan`);

    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('GitHub is down');
    expect(
      (await request(server).get(`/api/tfpilot/requests/${id}`)).body.revision,
    ).toBe(1);
  });

  it('records a failed plan with the reason', async () => {
    const server = await start();
    const { id } = await create(server);
    await request(server).post(`/api/tfpilot/requests/${id}/plan`);

    await executor
      .lastRun()
      .finish('failed', { message: 'Error: Invalid provider configuration' });

    const res = await request(server).get(`/api/tfpilot/requests/${id}`);
    expect(res.body).toMatchObject({
      status: 'plan_failed',
      event: { details: { message: 'Error: Invalid provider configuration' } },
    });
  });

  it('promotes an applied request to a later environment only', async () => {
    const server = await start();
    const { id } = await create(server);
    await request(server).post(`/api/tfpilot/requests/${id}/plan`);
    await executor.lastRun().finish('succeeded');
    await request(server).post(`/api/tfpilot/requests/${id}/approve`);
    await request(server).post(`/api/tfpilot/requests/${id}/apply`);
    await executor.lastRun().finish('succeeded');

    const backwards = await request(server)
      .post(`/api/tfpilot/requests/${id}/promote`)
      .send({ environment: 'dev' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toBe(
      'environment: must be stage, the environment after dev (promotion goes one environment at a time)',
    );
    const skipping = await request(server)
      .post(`/api/tfpilot/requests/${id}/promote`)
      .send({ environment: 'prod' });
    expect(skipping.status).toBe(400);

    const promoted = await request(server)
      .post(`/api/tfpilot/requests/${id}/promote`)
      .send({ inputs: { versioning: false } });
    expect(promoted.status).toBe(201);
    expect(promoted.body).toMatchObject({
      environment: 'stage',
      status: 'submitted',
      promotedFrom: id,
      inputs: { ...body.inputs, versioning: false },
    });
    const source = await request(server).get(`/api/tfpilot/requests/${id}`);
    expect(source.body.event).toMatchObject({
      type: 'promoted',
      details: { promotedTo: promoted.body.id },
    });
  });

  it('lists newest first with filters and cursor pagination', async () => {
    const server = await start();
    const ids: string[] = [];
    for (const environment of ['dev', 'stage', 'dev', 'prod', 'dev']) {
      ids.push((await create(server, { environment })).id);
    }

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await request(server)
        .get('/api/tfpilot/requests')
        .query({ environment: 'dev', limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((r: { id: string }) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor);

    expect(seen).toEqual([ids[4], ids[2], ids[0]]);
    const bad = await request(server)
      .get('/api/tfpilot/requests')
      .query({ cursor: 'garbage', status: 'nope', limit: 1000 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/status\.0: .*; limit: .*/);
  });

  it('rebuilds the index from the object store', async () => {
    const server = await start();
    const { id } = await create(server);
    await request(server).post(`/api/tfpilot/requests/${id}/cancel`);

    const res = await request(server).post('/api/tfpilot/admin/reindex');

    expect(res.body).toEqual({ requests: 1, revisions: 2 });
    expect(
      (await request(server).get('/api/tfpilot/requests')).body.items,
    ).toHaveLength(1);
  });

  describe('authorization', () => {
    it('answers 403 when the permission is denied', async () => {
      const server = await start([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);

      const res = await request(server)
        .post('/api/tfpilot/requests')
        .send(body);

      expect(res.status).toBe(403);
      expect(storedKeys()).toEqual([]);
    });

    it('filters lists by a conditional decision', async () => {
      const permissions = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async requests =>
          requests.map(() =>
            createTfpilotRequestConditionalDecision(
              requests[0].permission as Parameters<
                typeof createTfpilotRequestConditionalDecision
              >[0],
              tfpilotRequestConditions.isRequestOwner({
                claims: ['user:default/jane'],
              }),
            ),
          ),
      });
      const server = await start([permissions.factory]);
      const mine = await create(server);
      await request(server)
        .post('/api/tfpilot/requests')
        .set('Authorization', mockCredentials.user.header('user:default/john'))
        .send(body);

      const res = await request(server)
        .get('/api/tfpilot/requests')
        .set(
          'Authorization',
          mockCredentials.user.header(jane.principal.userEntityRef),
        );

      expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([
        mine.id,
      ]);
    });
  });
});
