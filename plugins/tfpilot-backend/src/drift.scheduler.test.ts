import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { TfpilotExecutor } from '@tfpilot/backstage-plugin-tfpilot-node';
import { createTestDatabases } from '@tfpilot/test';
import { Knex } from 'knex';
import request from 'supertest';
import { FakeExecutor } from './__testUtils__/FakeExecutor';
import { startTfpilotTestBackend } from './__testUtils__/startTfpilotTestBackend';

const jane = mockCredentials.user.header('user:default/jane');
const databases = createTestDatabases();
const [postgres] = databases
  .eachSupportedId()
  .map(([id]) => id)
  .filter(id => id.startsWith('POSTGRES'));

/** How long each batch start takes: a window in which a duplicate sweep would overlap. */
const BATCH_HOLD_MS = 250;
/** How long the instances sweep side by side once the requests are applied. */
const WATCH_MS = 4500;

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

interface BatchCall {
  instance: string;
  environment: string;
  start: number;
  end: number;
}

/**
 * Makes `executor` check drift in batches that take a while to start and
 * finish right after, recording each call.
 */
function recordBatches(
  executor: FakeExecutor,
  instance: string,
  calls: BatchCall[],
): void {
  executor.batchDriftChecks();
  const start = executor.driftCheckBatch;
  if (!start) throw new Error('no driftCheckBatch');
  const timed: TfpilotExecutor['driftCheckBatch'] = async (
    environment,
    inputs,
    events,
  ) => {
    const call = { instance, environment, start: Date.now(), end: 0 };
    await sleep(BATCH_HOLD_MS);
    const handle = await start(environment, inputs, events);
    call.end = Date.now();
    calls.push(call);
    // The runs end at once, so the next sweep has them to check again.
    const runs = executor.runs.filter(r => r.runId === handle.runId);
    setTimeout(() => {
      for (const run of runs) run.finish('succeeded').catch(() => undefined);
    }, 0);
    return handle;
  };
  executor.driftCheckBatch = timed;
}

const describeOnPostgres = postgres ? describe : describe.skip;

describeOnPostgres(
  `the drift sweep of two backends sharing ${postgres ?? 'PostgreSQL'}`,
  () => {
    const storage = createMockDirectory();
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(postgres);
    });

    async function startInstance(name: string, calls: BatchCall[]) {
      const started = await startTfpilotTestBackend({
        storageDir: storage.path,
        tfpilot: {
          drift: {
            schedule: {
              frequency: { seconds: 1 },
              timeout: { seconds: 30 },
            },
          },
        },
        features: [
          schedulerServiceFactory,
          mockServices.database.factory({ knex, migrations: { skip: false } }),
        ],
      });
      recordBatches(started.executor, name, calls);
      return started;
    }

    it('dispatches each scheduled sweep once, never twice for one tick', async () => {
      const calls: BatchCall[] = [];
      // One after the other: both run the same migrations.
      const a = await startInstance('a', calls);
      const b = await startInstance('b', calls);
      try {
        const post = (path: string, send: object = {}) =>
          request(a.server)
            .post(`/api/tfpilot${path}`)
            .set('Authorization', jane)
            .send(send);
        for (const environment of ['dev', 'stage']) {
          const created = await post('/requests', {
            module: { name: 'object-bucket', version: '1.0.0' },
            environment,
            entityRef: 'component:default/checkout',
          });
          const id: string = created.body.id;
          await post(`/requests/${id}/plan`);
          await a.executor.lastRun().finish('succeeded');
          await post(`/requests/${id}/approve`);
          await post(`/requests/${id}/apply`);
          await a.executor.lastRun().finish('succeeded');
        }
        const since = Date.now();
        await sleep(WATCH_MS);
        const watched = (Date.now() - since) / 1000;
        await Promise.all([a.backend.stop(), b.backend.stop()]);

        const sorted = calls
          .filter(c => c.start >= since)
          .sort((x, y) => x.start - y.start);
        // Never two batch starts at once: sweeps never overlap.
        for (let i = 1; i < sorted.length; i++) {
          expect(sorted[i].start).toBeGreaterThanOrEqual(sorted[i - 1].end);
        }
        // Each sweep dispatches each environment once: dev, stage, dev, ...
        const environments = sorted.map(c => c.environment);
        const sweeps = Math.floor(environments.length / 2);
        expect(environments.slice(0, sweeps * 2)).toEqual(
          Array.from({ length: sweeps }, () => ['dev', 'stage']).flat(),
        );
        // About one sweep a second between the two instances, not two.
        expect(sweeps).toBeGreaterThanOrEqual(2);
        expect(sweeps).toBeLessThanOrEqual(Math.ceil(watched) + 1);
        // Each sweep ran wholly on one instance.
        for (let i = 0; i + 1 < sweeps * 2; i += 2) {
          expect(sorted[i].instance).toBe(sorted[i + 1].instance);
        }
      } finally {
        await a.backend.stop().catch(() => undefined);
        await b.backend.stop().catch(() => undefined);
      }
    });
  },
);
