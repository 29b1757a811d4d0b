import { mockServices } from '@backstage/backend-test-utils';
import {
  newRequestId,
  REQUEST_API_VERSION,
  RequestState,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { Knex } from 'knex';
import { resolve } from 'node:path';
import { createTestDatabases } from '@tfpilot/test';
import { RequestIndex, RequestListFilter, toRequestRow } from './RequestIndex';

const databases = createTestDatabases();

function record(overrides: Partial<TfRequest> & { at: string }): TfRequest {
  const { at, ...rest } = overrides;
  const id = rest.id ?? newRequestId(Date.parse(at));
  const status: RequestState = rest.status ?? 'submitted';
  const revision = rest.revision ?? 1;
  return {
    apiVersion: REQUEST_API_VERSION,
    id,
    module: { name: 'object-bucket', version: '1.0.0' },
    environment: 'dev',
    inputs: {},
    entityRef: 'component:default/checkout',
    owner: 'user:default/jane',
    revision,
    status,
    createdAt: at,
    updatedAt: at,
    runs: [],
    event: {
      requestId: id,
      seq: revision,
      type: 'submitted',
      from: null,
      to: status,
      actor: 'user:default/jane',
      at,
      details: {},
    },
    ...rest,
  };
}

describe.each(databases.eachSupportedId())('RequestIndex on %s', databaseId => {
  let knex: Knex;
  let index: RequestIndex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    index = await RequestIndex.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
  });

  afterEach(async () => {
    await knex('tfpilot_events').del();
    await knex('tfpilot_requests').del();
  });

  it('keeps the newest revision whatever order writes arrive in', async () => {
    const first = record({ at: '2026-01-01T00:00:00.000Z' });
    const third = { ...first, revision: 3, status: 'planned' as const };
    const second = { ...first, revision: 2, status: 'planning' as const };

    await index.putRequest(first);
    await index.putRequest(third);
    await index.putRequest(second); // late, stale
    await index.putRequest(third); // retried

    expect(await index.getRequest(first.id)).toMatchObject({
      revision: 3,
      status: 'planned',
    });
  });

  it('stores each event once per (request, seq)', async () => {
    const r = record({ at: '2026-01-01T00:00:00.000Z' });
    await index.putEvent(r.event);
    await index.putEvent(r.event);

    const page = await index.listEvents({
      filter: { requestId: r.id },
      limit: 10,
    });
    expect(page.items).toEqual([r.event]);
  });

  it('filters, orders newest first and pages with a cursor', async () => {
    const records = Array.from({ length: 7 }, (_, i) =>
      record({
        at: `2026-01-0${i + 1}T00:00:00.000Z`,
        environment: i % 2 ? 'prod' : 'dev',
        status: i < 3 ? 'applied' : 'submitted',
        owner: i === 6 ? 'User:Default/John' : 'user:default/jane',
      }),
    );
    for (const r of records) await index.putRequest(r);

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await index.listRequests({
        filter: { environment: ['dev'] },
        cursor,
        limit: 2,
      });
      pages.push(page.items.map(r => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([
      [records[6].id, records[4].id],
      [records[2].id, records[0].id],
    ]);

    const applied = await index.listRequests({
      filter: { status: ['applied'], environment: ['prod'] },
      limit: 50,
    });
    expect(applied.items.map(r => r.id)).toEqual([records[1].id]);

    const johns = await index.listRequests({
      filter: { owner: ['user:default/john'] },
      limit: 50,
    });
    expect(johns.items.map(r => r.id)).toEqual([records[6].id]);
  });

  it('turns permission criteria into filters, including anyOf and not', async () => {
    const a = record({
      at: '2026-02-01T00:00:00.000Z',
      environment: 'dev',
      owner: 'user:default/jane',
    });
    const b = record({
      at: '2026-02-02T00:00:00.000Z',
      environment: 'prod',
      owner: 'user:default/john',
    });
    const c = record({
      at: '2026-02-03T00:00:00.000Z',
      environment: 'prod',
      owner: 'user:default/jane',
    });
    for (const r of [a, b, c]) await index.putRequest(r);

    const ids = async (
      permission: Parameters<RequestIndex['listRequests']>[0]['permission'],
    ) =>
      (await index.listRequests({ filter: {}, permission, limit: 50 })).items
        .map(r => r.id)
        .sort();

    expect(
      await ids({ property: 'owner', values: ['user:default/jane'] }),
    ).toEqual([a.id, c.id].sort());
    expect(
      await ids({
        anyOf: [
          { property: 'environment', values: ['dev'] },
          {
            allOf: [
              { property: 'owner', values: ['user:default/john'] },
              { property: 'environment', values: ['prod'] },
            ],
          },
        ],
      }),
    ).toEqual([a.id, b.id].sort());
    expect(
      await ids({ not: { property: 'environment', values: ['prod'] } }),
    ).toEqual([a.id]);
  });

  it('aggregates metrics rows with apply outcomes taken from the run history', async () => {
    const run = (
      status: 'succeeded' | 'failed',
      startedAt: string,
      finishedAt: string,
    ) => ({
      runId: `run-${startedAt.slice(11, 19).replace(/:/g, '')}`,
      operation: 'apply' as const,
      status,
      executor: 'fake',
      startedAt,
      finishedAt,
    });
    const ok = record({
      at: '2026-03-01T00:00:00.000Z',
      status: 'applied',
      runs: [
        run('failed', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:30.000Z'),
        run(
          'succeeded',
          '2026-03-01T11:00:00.000Z',
          '2026-03-01T11:01:30.000Z',
        ),
      ],
    });
    const failed = record({
      at: '2026-03-02T00:00:00.000Z',
      status: 'apply_failed',
      environment: 'prod',
      runs: [
        run('failed', '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:10.000Z'),
      ],
    });
    await index.putRequest(ok);
    await index.putRequest(failed);

    expect(await index.metricsRows()).toEqual(
      expect.arrayContaining([
        {
          environment: 'dev',
          module: 'object-bucket',
          status: 'applied',
          count: 1,
          applyMsSum: 90_000,
          appliesTimed: 1,
          applySuccesses: 1,
          applyFailures: 1,
        },
        {
          environment: 'prod',
          module: 'object-bucket',
          status: 'apply_failed',
          count: 1,
          applyMsSum: 0,
          appliesTimed: 0,
          applySuccesses: 0,
          applyFailures: 1,
        },
      ]),
    );
  });

  it('walks every request in a state, a page at a time, in id order', async () => {
    const records = Array.from({ length: 5 }, (_, i) =>
      record({
        at: `2026-02-0${i + 1}T00:00:00.000Z`,
        status: i === 2 ? 'planned' : 'applied',
        entityRef:
          i < 2 ? 'component:default/Payments' : 'component:default/checkout',
      }),
    );
    for (const r of records) await index.putRequest(r);
    const walk = async (
      ...args: Parameters<RequestIndex['requestsInStatus']>
    ) => {
      const ids: string[] = [];
      for await (const r of index.requestsInStatus(...args)) ids.push(r.id);
      return ids;
    };

    const applied = records.filter(r => r.status === 'applied').map(r => r.id);
    expect(await walk('applied', {}, 2)).toEqual([...applied].sort());
    expect(
      await walk('applied', { entityRef: 'Component:default/payments' }, 1),
    ).toEqual([records[0].id, records[1].id].sort());
    expect(await walk('destroyed')).toEqual([]);
  });

  it('filters by id and drift state; never checked counts as unknown', async () => {
    const at = (day: number) => `2026-03-0${day}T00:00:00.000Z`;
    const never = record({ at: at(1), status: 'applied' });
    const drifted = record({
      at: at(2),
      status: 'applied',
      drift: { state: 'drifted', lastCheckedAt: at(4), resources: [] },
    });
    const unknown = record({
      at: at(3),
      status: 'applied',
      drift: { state: 'unknown' },
    });
    for (const r of [never, drifted, unknown]) await index.putRequest(r);
    const ids = async (filter: RequestListFilter) =>
      (await index.listRequests({ filter, limit: 50 })).items.map(r => r.id);

    expect(await ids({ driftState: ['drifted'] })).toEqual([drifted.id]);
    expect(await ids({ driftState: ['unknown'] })).toEqual([
      unknown.id,
      never.id,
    ]);
    expect(await ids({ driftState: ['in_sync', 'check_failed'] })).toEqual([]);
    expect(await ids({ driftState: ['drifted', 'unknown'] })).toEqual([
      unknown.id,
      drifted.id,
      never.id,
    ]);
    expect(await ids({ id: [never.id, drifted.id, 'nope'] })).toEqual([
      drifted.id,
      never.id,
    ]);
  });

  it('filters events by type, actor and time window', async () => {
    const r = record({ at: '2026-04-01T10:00:00.000Z' });
    const later = {
      ...r.event,
      seq: 2,
      type: 'cancelled' as const,
      actor: 'user:default/john',
      at: '2026-04-02T10:00:00.000Z',
    };
    await index.putEvent(r.event);
    await index.putEvent(later);

    const types = async (
      filter: Parameters<RequestIndex['listEvents']>[0]['filter'],
    ) => (await index.listEvents({ filter, limit: 10 })).items.map(e => e.type);
    expect(await types({ type: ['cancelled'] })).toEqual(['cancelled']);
    expect(await types({ actor: 'user:default/jane' })).toEqual(['submitted']);
    expect(await types({ since: '2026-04-02T00:00:00.000Z' })).toEqual([
      'cancelled',
    ]);
    expect(await types({ until: '2026-04-02T00:00:00.000Z' })).toEqual([
      'submitted',
    ]);
  });
});

describe.each(databases.eachSupportedId())(
  'index migrations on %s',
  databaseId => {
    it('migrate up and down cleanly', async () => {
      const knex = await databases.init(databaseId);
      const config = {
        directory: resolve(__dirname, '../../migrations'),
        tableName: 'tfpilot_knex_migrations',
      };
      await knex.migrate.latest(config);
      expect(await knex.schema.hasTable('tfpilot_requests')).toBe(true);
      await knex.migrate.rollback(config, true);
      expect(await knex.schema.hasTable('tfpilot_requests')).toBe(false);
      expect(await knex.schema.hasTable('tfpilot_events')).toBe(false);
    });

    it('fills the drift state of existing rows from their records', async () => {
      const knex = await databases.init(databaseId);
      const config = {
        directory: resolve(__dirname, '../../migrations'),
        tableName: 'tfpilot_knex_migrations',
      };
      // Every migration before the drift state column.
      for (let i = 0; i < 4; i++) await knex.migrate.up(config);
      const rows = [
        record({ at: '2026-04-01T00:00:00.000Z', status: 'applied' }),
        record({
          at: '2026-04-02T00:00:00.000Z',
          status: 'applied',
          drift: { state: 'drifted', lastCheckedAt: '2026-04-03T00:00:00Z' },
        }),
      ].map(r => {
        const { drift_state: _dropped, ...row } = toRequestRow(r);
        return row;
      });
      await knex('tfpilot_requests').insert(rows);

      await knex.migrate.latest(config);

      const states = await knex('tfpilot_requests')
        .select('id', 'drift_state')
        .orderBy('created_at');
      expect(states).toEqual([
        { id: rows[0].id, drift_state: null },
        { id: rows[1].id, drift_state: 'drifted' },
      ]);
    });
  },
);
