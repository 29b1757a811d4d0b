import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { PolicyEngine } from '@tfpilot/backstage-plugin-tfpilot-node';
import { createTestDatabases, readFixture } from '@tfpilot/test';
import { RequestIndex } from './database/RequestIndex';
import { RequestService } from './services/RequestService';
import { LocalObjectStore } from './storage/LocalObjectStore';
import request from 'supertest';
import { FakeExecutor } from './__testUtils__/FakeExecutor';
import { startTfpilotTestBackend } from './__testUtils__/startTfpilotTestBackend';

const body = {
  module: { name: 'object-bucket', version: '1.0.0' },
  environment: 'dev',
  inputs: { name: 'checkout-artifacts' },
  entityRef: 'component:default/checkout',
};
const jane = mockCredentials.user.header('user:default/jane');

describe('run results: webhooks, ingestion, publishing and clean-up', () => {
  const dir = createMockDirectory();
  beforeEach(() => dir.clear());

  async function setup() {
    const { server, executor } = await startTfpilotTestBackend({
      storageDir: dir.path,
    });
    const act = (id: string, action: string) =>
      request(server)
        .post(`/api/tfpilot/requests/${id}/${action}`)
        .set('Authorization', jane)
        .send({});
    const get = async (id: string) =>
      (
        await request(server)
          .get(`/api/tfpilot/requests/${id}`)
          .set('Authorization', jane)
      ).body;
    const events = async (id: string) =>
      (
        await request(server)
          .get(`/api/tfpilot/requests/${id}/events`)
          .set('Authorization', jane)
      ).body.items.map((e: { type: string }) => e.type);
    const webhook = (payload: object, signature?: string) =>
      request(server)
        .post('/api/tfpilot/webhooks/fake')
        .set(signature ? { 'x-fake-signature': signature } : {})
        .send(payload);
    const created = await request(server)
      .post('/api/tfpilot/requests')
      .set('Authorization', jane)
      .send(body);
    return {
      executor,
      act,
      get,
      events,
      webhook,
      id: created.body.id as string,
    };
  }

  it('applies a signed webhook once; a forged one changes nothing', async () => {
    const { executor, act, get, webhook, id } = await setup();
    await act(id, 'plan');
    const runId = executor.lastRun().runId;

    const forged = await webhook({ requestId: id, runId }, 'wrong');
    expect(forged.status).toBe(401);
    expect((await get(id)).status).toBe('planning');

    const unsigned = await webhook({ requestId: id, runId });
    expect(unsigned.status).toBe(401);

    const first = await webhook(
      { requestId: id, runId, status: 'failed' },
      FakeExecutor.WEBHOOK_SIGNATURE,
    );
    expect(first.status).toBe(202);
    expect(first.body).toEqual({
      status: 'processed',
      message: `run ${runId} finished`,
    });
    const redelivered = await webhook(
      { requestId: id, runId },
      FakeExecutor.WEBHOOK_SIGNATURE,
    );
    expect(redelivered.body.status).toBe('ignored');
    expect(await get(id)).toMatchObject({ status: 'plan_failed', revision: 3 });
  });

  it('fails a plan whose plan.json is not a plan, naming the artifact', async () => {
    const { executor, act, get, id } = await setup();
    await act(id, 'plan');
    await executor.lastRun().finish('succeeded', {
      artifacts: {
        'plan.json': readFixture('plans/malformed/tfjson__invalid_plan.json'),
      },
    });

    const record = await get(id);
    expect(record.status).toBe('plan_failed');
    expect(record.runs[0].status).toBe('failed');
    expect(record.runs[0].message).toMatch(
      /^plan\.json is not a Terraform plan: /,
    );
    expect(record.plan).toBeUndefined();
  });

  it('keeps the plan when the cost estimate is unreadable, and says so', async () => {
    const { executor, act, get, events, id } = await setup();
    await act(id, 'plan');
    await executor.lastRun().finish('succeeded', {
      artifacts: {
        'plan.json': readFixture('plans/tf-plan-format__delete-create.json'),
        'cost.json': readFixture('plans/tf-plan-format__create.json'),
      },
    });

    const record = await get(id);
    expect(record.status).toBe('awaiting_approval');
    expect(record.plan.summary.counts.replace).toBe(1);
    expect(record.plan.summary.changes[0].destructive).toBe(true);
    expect(record.cost).toBeUndefined();
    expect(await events(id)).toEqual([
      'submitted',
      'plan_requested',
      'planned',
      'approval_requested',
    ]);
  });

  it('publishes the recorded request after each run result', async () => {
    const { executor, act, id } = await setup();
    await act(id, 'plan');
    await executor.lastRun().finish('succeeded', {
      artifacts: {
        'plan.json': readFixture('plans/tf-plan-format__create.json'),
        'cost.json': readFixture('infracost/breakdown__nochange.json'),
      },
    });

    expect(executor.published.map(r => r.status)).toEqual([
      'awaiting_approval',
    ]);
    expect(executor.published[0].plan?.summary.counts.create).toBe(1);
    expect(executor.published[0].cost?.summary.currency).toBe('USD');
  });

  it('a new plan replaces the previous summary and cost', async () => {
    const { executor, act, get, id } = await setup();
    await act(id, 'plan');
    await executor.lastRun().finish('succeeded', {
      artifacts: {
        'plan.json': readFixture('plans/tf-plan-format__create.json'),
        'cost.json': readFixture('infracost/breakdown__nochange.json'),
      },
    });
    await act(id, 'cancel');
    const cancelled = await get(id);
    expect(cancelled.plan.runId).toBe('fake-plan-1');

    const second = await setup();
    await second.act(second.id, 'plan');
    await second.executor.lastRun().finish('failed', { message: 'boom' });
    await second.act(second.id, 'plan');
    await second.executor.lastRun().finish('succeeded', {
      artifacts: { 'plan.json': readFixture('plans/tfjson__no_changes.json') },
    });
    const replanned = await second.get(second.id);
    expect(replanned.plan.runId).toBe('fake-plan-2');
    expect(replanned.cost).toBeUndefined();
  });

  it('cancelling ends the run in flight and cleans up once; a late result is ignored', async () => {
    const { executor, act, get, events, id } = await setup();
    await act(id, 'plan');
    const plan = executor.lastRun();

    const cancelled = await act(id, 'cancel');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.runs[0]).toMatchObject({
      status: 'failed',
      message: 'request cancelled while the run was in progress',
    });
    const cleanup = executor.lastRun();
    expect(cleanup.operation).toBe('cleanup');

    await plan.finish('succeeded');
    await cleanup.finish('succeeded');
    expect(await get(id)).toMatchObject({ status: 'cancelled' });
    expect(await events(id)).toEqual([
      'submitted',
      'plan_requested',
      'cancelled',
      'cleanup_requested',
      'cleaned_up',
    ]);
    expect(executor.runs.map(r => r.operation)).toEqual(['plan', 'cleanup']);
  });

  it('cleans up after a destroy, and records a clean-up that could not start', async () => {
    const { executor, act, get, events, id } = await setup();
    await act(id, 'plan');
    await executor.lastRun().finish('succeeded', {
      artifacts: {
        'plan.json': readFixture('plans/tf-plan-format__create.json'),
      },
    });
    await act(id, 'approve');
    await act(id, 'apply');
    await executor.lastRun().finish('succeeded');
    await act(id, 'destroy');
    executor.failToStart = 'GitHub is down';
    await executor.lastRun().finish('succeeded');

    expect(await get(id)).toMatchObject({ status: 'destroyed' });
    const types = await events(id);
    expect(types.slice(-2)).toEqual(['destroyed', 'cleanup_failed']);
  });

  it('does not clean up a request that never ran', async () => {
    const { executor, act, events, id } = await setup();
    await act(id, 'cancel');
    expect(executor.runs).toEqual([]);
    expect(await events(id)).toEqual(['submitted', 'cancelled']);
  });
});

describe('revision listeners', () => {
  const databases = createTestDatabases();

  it('hears every committed revision, and a failing listener changes nothing', async () => {
    const store = createMockDirectory();
    const knex = await databases.init('SQLITE_3');
    const index = await RequestIndex.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const executor = new FakeExecutor();
    const service = new RequestService({
      store: new LocalObjectStore({ dir: store.path }),
      index,
      executor,
      environments: {
        names: ['dev'],
        list: [{ name: 'dev', production: true }],
        get: name => ({ name, production: true }),
      },
      policies: PolicyEngine.fromConfig(new ConfigReader({})),
      logger: mockServices.logger.mock(),
    });
    const heard: string[] = [];
    service.onRevision(record => {
      heard.push(`${record.revision}:${record.status}`);
    });
    service.onRevision(() => {
      throw new Error('mail server down');
    });

    const created = await service.create(body, 'user:default/jane');
    await service.transition(created.id, 'plan', 'user:default/jane');
    await new Promise(resolve => setImmediate(resolve));

    expect(heard).toEqual(['1:submitted', '2:planning']);
    expect((await service.get(created.id)).status).toBe('planning');
  });
});
