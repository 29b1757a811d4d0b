import {
  PermissionsService,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  createTfpilotRequestConditionalDecision,
  tfpilotRequestConditions,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { readFixture } from '@tfpilot/test';
import request from 'supertest';
import { KEPT_DRIFT_RUNS } from './services/drift/driftRecords';
import { startTfpilotTestBackend } from './__testUtils__/startTfpilotTestBackend';

const jane = mockCredentials.user.header('user:default/jane');
const john = mockCredentials.user.header('user:default/john');
const CHECKOUT = 'component:default/checkout';
const PAYMENTS = 'component:default/payments';

const plan = (name: string) => ({
  artifacts: { 'plan.json': readFixture(`plans/${name}`) },
});
const DRIFTED = plan('terraform__show-json__drift.json');
const IN_SYNC = plan('tfjson__no_changes.json');

type Features = Parameters<typeof startTfpilotTestBackend>[0]['features'];

describe('drift detection', () => {
  const dir = createMockDirectory();
  beforeEach(() => dir.clear());

  async function setup(features: Features = []) {
    const scheduler = mockServices.scheduler.mock();
    const { server, executor } = await startTfpilotTestBackend({
      storageDir: dir.path,
      features: [scheduler.factory, ...(features ?? [])],
    });
    const task = scheduler.scheduleTask.mock.calls
      .map(([t]) => t as SchedulerServiceTaskInvocationDefinition)
      .find(t => t.id === 'tfpilot-drift-sweep');
    if (!task) throw new Error('the drift sweep was not scheduled');
    const post = (path: string, send: object = {}, as = jane) =>
      request(server)
        .post(`/api/tfpilot${path}`)
        .set('Authorization', as)
        .send(send);
    const get = (path: string, query: object = {}, as = jane) =>
      request(server)
        .get(`/api/tfpilot${path}`)
        .set('Authorization', as)
        .query(query);
    const record = async (id: string): Promise<TfRequest> =>
      (await get(`/requests/${id}`)).body;

    /** A request taken through plan and apply with the fake executor. */
    async function applied(
      environment = 'dev',
      entityRef = CHECKOUT,
      as = jane,
    ): Promise<string> {
      const created = await post(
        '/requests',
        {
          module: { name: 'object-bucket', version: '1.0.0' },
          environment,
          inputs: { name: 'drift-test' },
          entityRef,
        },
        as,
      );
      const id: string = created.body.id;
      await post(`/requests/${id}/plan`);
      await executor.lastRun().finish('succeeded');
      await post(`/requests/${id}/approve`);
      await post(`/requests/${id}/apply`);
      await executor.lastRun().finish('succeeded');
      expect((await record(id)).status).toBe('applied');
      return id;
    }

    /** The drift run of a request still in flight, from the fake executor. */
    function driftRun(id: string) {
      const run = [...executor.runs]
        .reverse()
        .find(r => r.operation === 'driftCheck' && r.input.requestId === id);
      if (!run) throw new Error(`no drift run for ${id}`);
      return run;
    }

    return {
      server,
      executor,
      post,
      get,
      record,
      applied,
      driftRun,
      sweep: () => task.fn(new AbortController().signal),
    };
  }

  it('sweeps every applied request in one run per environment and records each result', async () => {
    const t = await setup();
    t.executor.batchDriftChecks();
    const dev = [await t.applied(), await t.applied(), await t.applied()];
    const stage = [await t.applied('stage'), await t.applied('stage')];
    await t.post('/requests', {
      module: { name: 'object-bucket', version: '1.0.0' },
      environment: 'dev',
      inputs: { name: 'not-applied' },
      entityRef: CHECKOUT,
    });

    await t.sweep();

    expect(t.executor.driftBatches).toEqual([
      { runId: expect.any(String), environment: 'dev', requestIds: dev },
      { runId: expect.any(String), environment: 'stage', requestIds: stage },
    ]);
    const [devRun, stageRun] = t.executor.driftBatches.map(b => b.runId);
    for (const id of dev) {
      const r = await t.record(id);
      expect(r.status).toBe('applied');
      expect(r.event).toMatchObject({
        type: 'drift_check_requested',
        actor: 'system',
        runId: devRun,
        from: 'applied',
        to: 'applied',
        details: { batchSize: 3 },
      });
      expect(r.runs.at(-1)).toMatchObject({
        runId: devRun,
        operation: 'driftCheck',
        status: 'running',
        url: `https://runs.example/${devRun}`,
      });
    }
    expect((await t.record(stage[0])).event.runId).toBe(stageRun);

    // A second sweep while the checks run starts nothing.
    await t.sweep();
    expect(t.executor.driftBatches).toHaveLength(2);

    const published = t.executor.published.length;
    await t.driftRun(dev[0]).finish('succeeded', DRIFTED);
    await t.driftRun(dev[1]).finish('succeeded', IN_SYNC);
    await t.driftRun(dev[2]).finish('failed', { message: 'no credentials' });
    await t
      .driftRun(stage[0])
      .finish(
        'succeeded',
        plan('terraform__equivalence__drift_relevant_attributes.json'),
      );
    await t.driftRun(stage[1]).finish('succeeded');

    const drifted = await t.record(dev[0]);
    expect(drifted.drift).toEqual({
      state: 'drifted',
      lastCheckedAt: expect.any(String),
      runId: devRun,
      resources: [
        {
          address: 'test_instance.should_refresh',
          actions: ['update'],
          attributes: ['ami'],
        },
        { address: 'test_instance.no_refresh', actions: ['update'] },
      ],
      omittedResources: 0,
    });
    expect(drifted.event).toMatchObject({
      type: 'drift_checked',
      runId: devRun,
      details: {
        state: 'drifted',
        previousState: 'unknown',
        driftedResources: 2,
      },
    });
    expect((await t.record(dev[1])).drift).toMatchObject({
      state: 'in_sync',
      resources: [],
    });
    expect((await t.record(dev[2])).drift).toMatchObject({
      state: 'check_failed',
      resources: [],
    });
    expect((await t.record(dev[2])).event.details).toMatchObject({
      message: 'no credentials',
      state: 'check_failed',
    });
    expect((await t.record(stage[0])).drift?.resources).toEqual([
      {
        address: 'tfcoremock_simple_resource.base',
        actions: ['update'],
        attributes: ['number', 'string'],
      },
      { address: 'tfcoremock_simple_resource.dependent', actions: ['update'] },
    ]);
    expect((await t.record(stage[1])).drift?.state).toBe('unknown');
    // The pull-request comment shows the plan; drift checks leave it alone.
    expect(t.executor.published).toHaveLength(published);
    // A drifted request is not promoted.
    expect((await t.post(`/requests/${dev[0]}/promote`)).status).toBe(409);

    const list = await t.get('/drift', {
      environment: 'dev',
      state: 'drifted',
    });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: [
        {
          requestId: dev[0],
          module: { name: 'object-bucket', version: '1.0.0' },
          environment: 'dev',
          entityRef: CHECKOUT,
          owner: 'user:default/jane',
          state: 'drifted',
          lastCheckedAt: drifted.drift?.lastCheckedAt,
          runId: devRun,
          runUrl: `https://runs.example/${devRun}`,
          resources: drifted.drift?.resources,
        },
      ],
    });
  });

  it('says in the event when the state changes, so a new drift can be told apart', async () => {
    const t = await setup();
    const id = await t.applied();

    const details = async (result: object, status: 'succeeded' | 'failed') => {
      expect((await t.post('/drift/check', { requestId: id })).status).toBe(
        202,
      );
      await t.driftRun(id).finish(status, result);
      return (await t.record(id)).event.details;
    };

    expect(await details(DRIFTED, 'succeeded')).toMatchObject({
      state: 'drifted',
      previousState: 'unknown',
    });
    expect(await details(DRIFTED, 'succeeded')).toMatchObject({
      state: 'drifted',
      previousState: 'drifted',
    });
    expect(await details(IN_SYNC, 'succeeded')).toEqual({
      state: 'in_sync',
      previousState: 'drifted',
      driftedResources: 0,
    });
  });

  it('starts one run per request when the executor cannot batch', async () => {
    const t = await setup();
    const ids = [await t.applied(), await t.applied()];

    await t.sweep();

    const runs = t.executor.runs.filter(r => r.operation === 'driftCheck');
    expect(runs.map(r => r.input.requestId)).toEqual(ids);
    expect(new Set(runs.map(r => r.runId)).size).toBe(2);
    expect((await t.record(ids[0])).event.details).toEqual({ batchSize: 1 });
  });

  it('keeps each batch within the size the executor takes', async () => {
    const t = await setup();
    t.executor.batchDriftChecks(2);
    const ids = [await t.applied(), await t.applied(), await t.applied()];

    await t.sweep();

    expect(t.executor.driftBatches.map(b => b.requestIds)).toEqual([
      ids.slice(0, 2),
      ids.slice(2),
    ]);
  });

  it('keeps the latest finished drift runs in the request, not every night’s', async () => {
    const t = await setup();
    const id = await t.applied();
    for (let night = 0; night < KEPT_DRIFT_RUNS + 2; night++) {
      await t.sweep();
      await t.driftRun(id).finish('succeeded', IN_SYNC);
    }
    const { runs } = await t.record(id);
    expect(runs.filter(r => r.operation === 'driftCheck')).toHaveLength(
      KEPT_DRIFT_RUNS,
    );
    expect(runs.filter(r => r.operation !== 'driftCheck')).toHaveLength(2);
    expect(runs.at(-1)?.runId).toBe(t.driftRun(id).runId);
  });

  describe('POST /drift/check', () => {
    it('checks one request now, and does not start a second check while one runs', async () => {
      const t = await setup();
      const id = await t.applied();

      const first = await t.post('/drift/check', { requestId: id });
      expect(first.status).toBe(202);
      const runId = t.driftRun(id).runId;
      expect(first.body).toEqual({
        requests: 1,
        runs: [{ runId, url: `https://runs.example/${runId}` }],
      });
      const again = await t.post('/drift/check', { requestId: id });
      expect(again.body).toEqual(first.body);
      expect(
        t.executor.runs.filter(r => r.operation === 'driftCheck'),
      ).toHaveLength(1);
      expect((await t.record(id)).event).toMatchObject({
        type: 'drift_check_requested',
        actor: 'user:default/jane',
      });
    });

    it('checks every applied request of an entity, batched per environment', async () => {
      const t = await setup();
      t.executor.batchDriftChecks();
      const dev = await t.applied('dev', PAYMENTS);
      const stage = await t.applied('stage', PAYMENTS);
      await t.applied('dev', CHECKOUT);

      const res = await t.post('/drift/check', {
        entityRef: 'Component:default/Payments',
      });

      expect(res.status).toBe(202);
      expect(res.body.requests).toBe(2);
      expect(t.executor.driftBatches.map(b => b.requestIds)).toEqual([
        [dev],
        [stage],
      ]);
      expect(res.body.runs).toEqual(
        t.executor.driftBatches.map(b => ({
          runId: b.runId,
          url: `https://runs.example/${b.runId}`,
        })),
      );
      const none = await t.post('/drift/check', {
        entityRef: 'component:default/unknown',
      });
      expect(none.status).toBe(202);
      expect(none.body).toEqual({ requests: 0, runs: [] });
    });

    it.each([
      [{}, 'Invalid body: requestId: required unless entityRef is given'],
      [
        { requestId: '01jd8x3m4n5p6q7r8s9t0v1w2x', entityRef: CHECKOUT },
        'Invalid body: entityRef: give requestId or entityRef, not both',
      ],
      [{ requestId: 'nope' }, 'Invalid body: requestId: not a request id'],
      [
        { entityRef: 'checkout' },
        'Invalid body: entityRef: an entity ref such as component:default/checkout',
      ],
      [{ entityRef: CHECKOUT, extra: 1 }, 'Invalid body: extra: unknown field'],
    ])('refuses %j with 400 naming the field', async (send, message) => {
      const t = await setup();
      const res = await t.post('/drift/check', send);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ name: 'InputError', message });
    });

    it('answers 404 for an unknown request and 409 for one not applied', async () => {
      const t = await setup();
      const unknown = await t.post('/drift/check', {
        requestId: '01jd8x3m4n5p6q7r8s9t0v1w2x',
      });
      expect(unknown.status).toBe(404);

      const created = await t.post('/requests', {
        module: { name: 'object-bucket', version: '1.0.0' },
        environment: 'dev',
        entityRef: CHECKOUT,
      });
      const res = await t.post('/drift/check', { requestId: created.body.id });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        `Cannot check request ${created.body.id} for drift: only applied requests are checked (current state: submitted)`,
      );
    });

    it('answers 409 and stores nothing when the executor cannot start the check', async () => {
      const t = await setup();
      const id = await t.applied();
      const before = await t.record(id);
      t.executor.failToStart = 'GitHub is down';

      const res = await t.post('/drift/check', { requestId: id });

      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        `Cannot check request ${id} for drift: the fake executor could not start the check: GitHub is down`,
      );
      expect(await t.record(id)).toEqual(before);
      const entity = await t.post('/drift/check', { entityRef: CHECKOUT });
      expect(entity.status).toBe(409);
      expect(entity.body.error.message).toContain('GitHub is down');
    });

    it('answers 403 without tfpilot.drift.check', async () => {
      const t = await setup([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      const res = await t.post('/drift/check', { entityRef: CHECKOUT });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('Not allowed: tfpilot.drift.check');
    });
  });

  describe('GET /drift', () => {
    it('lists applied requests only, by entity, request, environment and state', async () => {
      const t = await setup();
      const checkout = await t.applied('dev', CHECKOUT);
      const payments = await t.applied('stage', PAYMENTS);
      await t.post('/drift/check', { requestId: payments });
      await t.driftRun(payments).finish('succeeded', IN_SYNC);

      const ids = async (query: object) => {
        const res = await t.get('/drift', query);
        expect(res.status).toBe(200);
        return res.body.items.map((i: { requestId: string }) => i.requestId);
      };

      expect(await ids({})).toEqual([payments, checkout]);
      expect(await ids({ entityRef: 'component:default/CHECKOUT' })).toEqual([
        checkout,
      ]);
      expect(await ids({ requestId: payments })).toEqual([payments]);
      expect(await ids({ environment: 'dev,stage' })).toEqual([
        payments,
        checkout,
      ]);
      expect(await ids({ state: 'unknown' })).toEqual([checkout]);
      expect(await ids({ state: 'in_sync' })).toEqual([payments]);
      expect(await ids({ state: 'drifted' })).toEqual([]);
      const page = await t.get('/drift', { limit: 1 });
      expect(page.body.items).toHaveLength(1);
      expect(await ids({ cursor: page.body.nextCursor })).toEqual([checkout]);

      const never = (await t.get('/drift', { requestId: checkout })).body
        .items[0];
      expect(never).toEqual({
        requestId: checkout,
        module: { name: 'object-bucket', version: '1.0.0' },
        environment: 'dev',
        entityRef: CHECKOUT,
        owner: 'user:default/jane',
        state: 'unknown',
        resources: [],
      });
    });

    it('refuses unknown parameters and states with 400', async () => {
      const t = await setup();
      const res = await t.get('/drift', { state: 'broken', owner: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^Invalid query: .*owner: unknown field/,
      );
      expect(res.body.error.message).toContain('state.0');
    });

    it('lists only what the caller may read', async () => {
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
      const t = await setup([permissions.factory]);
      const mine = await t.applied('dev', CHECKOUT, jane);
      await t.applied('dev', CHECKOUT, john);

      const res = await t.get('/drift', {}, jane);
      expect(
        res.body.items.map((i: { requestId: string }) => i.requestId),
      ).toEqual([mine]);
    });

    it('lists nothing when reading is denied', async () => {
      const deny = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async requests =>
          requests.map(() => ({
            result: AuthorizeResult.DENY,
          })) as Awaited<
            ReturnType<PermissionsService['authorizeConditional']>
          >,
      });
      const t = await setup([deny.factory]);
      await t.applied();
      const res = await t.get('/drift');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    });
  });
});
