/**
 * Gives a catalog entity applied TfPilot infrastructure with costs and drift,
 * for the entity-page browser test.
 *
 * Requests are created through the real API (`POST /api/tfpilot/requests`,
 * as the guest: ids, validation and pre-plan policies are the backend's).
 * The revisions an executor would then have produced (plan, approval,
 * apply, drift check) cannot come from the embedded default's local
 * executor here (no cloud provider to plan against), so they are written
 * into the local object store, the system of record, and
 * `POST /api/tfpilot/admin/reindex` rebuilds the index from it; the backend
 * parses every record it reads, so a malformed revision fails the seed.
 * scripts/seed-requests.ts seeds the request views the same way.
 */
import { APIRequestContext, expect } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { guestToken } from './entitySupport';
import { BACKEND_URL } from './tfpilot/session';

const objectsDir =
  process.env.TFPILOT_OBJECTS_DIR ??
  resolve(__dirname, '../../../.tfpilot/objects');

type Json = Record<string, unknown>;

interface RequestRecord extends Json {
  id: string;
  revision: number;
  status: string;
  owner: string;
  createdAt: string;
  updatedAt: string;
  runs: Json[];
}

export interface SeededInfrastructure {
  /** Applied, drifted (with the resource below), $23.00 a month. */
  drifted: string;
  driftedAddress: string;
  /** Applied, in sync, $12.40 a month. */
  inSync: string;
  /** Planned and awaiting approval: $150.00 a month once applied, not counted. */
  awaiting: string;
}

/** The revision after `record`: one lifecycle event and what it changed. */
function next(
  record: RequestRecord,
  event: { type: string; to?: string; actor?: string; runId?: string },
  at: string,
  changes: Json = {},
): RequestRecord {
  const revision = record.revision + 1;
  const to = event.to ?? record.status;
  return {
    ...record,
    ...changes,
    revision,
    status: to,
    updatedAt: at,
    event: {
      requestId: record.id,
      seq: revision,
      type: event.type,
      from: record.status,
      to,
      actor: event.actor ?? record.owner,
      ...(event.runId ? { runId: event.runId } : {}),
      at,
      details: {},
    },
  };
}

function cost(runId: string, total: number, id: string): Json {
  return {
    runId,
    summary: {
      currency: 'USD',
      totalMonthlyCost: total,
      pastTotalMonthlyCost: 0,
      diffTotalMonthlyCost: total,
      projects: [
        {
          name: `tfpilot/${id}`,
          totalMonthlyCost: total,
          pastTotalMonthlyCost: 0,
          diffTotalMonthlyCost: total,
          errors: [],
        },
      ],
    },
  };
}

/** Revisions 2.. of a request planned at `monthly` and, unless `stopAt`, applied and drift-checked. */
function history(
  created: RequestRecord,
  options: {
    monthly: number;
    stopAt?: 'awaiting_approval';
    drift?: Json;
  },
): RequestRecord[] {
  let time = Date.parse(created.createdAt);
  const tick = () => {
    time += 40;
    return new Date(time).toISOString();
  };
  const run = (operation: string): Json => ({
    runId: `e2e-${operation}-${created.id.slice(-8)}`,
    operation,
    status: 'running',
    executor: 'local',
    startedAt: tick(),
  });
  const finish = (runs: Json[], runId: unknown): Json[] => {
    const at = tick();
    return runs.map(r =>
      r.runId === runId ? { ...r, status: 'succeeded', finishedAt: at } : r,
    );
  };

  const out: RequestRecord[] = [];
  const push = (record: RequestRecord) => {
    out.push(record);
    return record;
  };
  const plan = run('plan');
  let r = push(
    next(
      created,
      { type: 'plan_requested', to: 'planning', runId: String(plan.runId) },
      String(plan.startedAt),
      { runs: [plan] },
    ),
  );
  r = push(
    next(
      r,
      {
        type: 'planned',
        to: 'planned',
        actor: 'executor:local',
        runId: String(plan.runId),
      },
      tick(),
      {
        runs: finish(r.runs, plan.runId),
        cost: cost(String(plan.runId), options.monthly, created.id),
      },
    ),
  );
  r = push(
    next(
      r,
      { type: 'approval_requested', to: 'awaiting_approval', actor: 'system' },
      tick(),
    ),
  );
  if (options.stopAt) return out;
  r = push(next(r, { type: 'approved', to: 'approved' }, tick()));
  const apply = run('apply');
  r = push(
    next(
      r,
      { type: 'apply_requested', to: 'applying', runId: String(apply.runId) },
      String(apply.startedAt),
      { runs: [...r.runs, apply] },
    ),
  );
  r = push(
    next(
      r,
      {
        type: 'applied',
        to: 'applied',
        actor: 'executor:local',
        runId: String(apply.runId),
      },
      tick(),
      { runs: finish(r.runs, apply.runId) },
    ),
  );
  const check = run('driftCheck');
  r = push(
    next(
      r,
      { type: 'drift_check_requested', runId: String(check.runId) },
      String(check.startedAt),
      { runs: [...r.runs, check] },
    ),
  );
  const checkedAt = tick();
  push(
    next(
      r,
      {
        type: 'drift_checked',
        actor: 'executor:local',
        runId: String(check.runId),
      },
      checkedAt,
      {
        runs: finish(r.runs, check.runId),
        drift: {
          lastCheckedAt: checkedAt,
          runId: check.runId,
          ...options.drift,
        },
      },
    ),
  );
  return out;
}

async function writeRevision(record: RequestRecord): Promise<void> {
  const file = join(
    objectsDir,
    'requests',
    record.id,
    `${String(record.revision).padStart(10, '0')}.json`,
  );
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(record), { flag: 'wx' });
}

/** Seeds three requests of `entityRef`; returns their ids. */
export async function seedEntityInfrastructure(
  request: APIRequestContext,
  entityRef: string,
): Promise<SeededInfrastructure> {
  const token = await guestToken(request);
  const headers = { Authorization: `Bearer ${token}` };
  const tag = Date.now().toString(36);
  const create = async (
    module: string,
    environment: string,
    name: string,
  ): Promise<RequestRecord> => {
    const response = await request.post(`${BACKEND_URL}/api/tfpilot/requests`, {
      headers,
      data: {
        module: { name: module, version: '1.0.0' },
        environment,
        entityRef,
        inputs: {
          name,
          environment,
          tags: { owner: 'team-portal', 'cost-center': 'cc-1234' },
        },
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as RequestRecord;
  };
  // Pre-plan policies run on creation; the history below starts from a
  // request they let through.
  const submitted = async (
    module: string,
    environment: string,
    name: string,
  ): Promise<RequestRecord> => {
    const record = await create(module, environment, name);
    expect(record.status, JSON.stringify(record.policy)).toBe('submitted');
    return record;
  };

  const driftedAddress = 'aws_s3_bucket.this';
  const drifted = await submitted('object-bucket', 'dev', `e2e-assets-${tag}`);
  const inSync = await submitted('object-bucket', 'stage', `e2e-logs-${tag}`);
  const awaiting = await submitted('postgres-database', 'dev', `e2e-db-${tag}`);
  const revisions = [
    ...history(drifted, {
      monthly: 23,
      drift: {
        state: 'drifted',
        resources: [
          {
            address: driftedAddress,
            actions: ['update'],
            attributes: ['tags', 'versioning'],
          },
        ],
      },
    }),
    ...history(inSync, { monthly: 12.4, drift: { state: 'in_sync' } }),
    ...history(awaiting, { monthly: 150, stopAt: 'awaiting_approval' }),
  ];
  for (const revision of revisions) await writeRevision(revision);

  // No revision may read as written in the future.
  const latest = Math.max(...revisions.map(r => Date.parse(r.updatedAt)));
  await new Promise(done =>
    setTimeout(done, Math.max(0, latest - Date.now() + 200)),
  );
  const reindex = await request.post(
    `${BACKEND_URL}/api/tfpilot/admin/reindex`,
    { headers },
  );
  expect(reindex.status(), await reindex.text()).toBe(200);

  for (const [record, status] of [
    [drifted, 'applied'],
    [inSync, 'applied'],
    [awaiting, 'awaiting_approval'],
  ] as const) {
    const read = await request.get(
      `${BACKEND_URL}/api/tfpilot/requests/${record.id}`,
      { headers },
    );
    expect(read.status(), await read.text()).toBe(200);
    expect(((await read.json()) as RequestRecord).status).toBe(status);
  }
  return {
    drifted: drifted.id,
    driftedAddress,
    inSync: inSync.id,
    awaiting: awaiting.id,
  };
}

/** What the cost card should say: the API's own sum over the entity's applied requests. */
export async function expectedMonthlyCost(
  request: APIRequestContext,
  entityRef: string,
): Promise<number> {
  const token = await guestToken(request);
  let total = 0;
  let cursor: string | undefined;
  do {
    const response = await request.get(`${BACKEND_URL}/api/tfpilot/requests`, {
      headers: { Authorization: `Bearer ${token}` },
      params: {
        entityRef,
        status: 'applied,destroying,destroy_failed',
        limit: 100,
        ...(cursor ? { cursor } : {}),
      },
    });
    expect(response.ok()).toBeTruthy();
    const page = (await response.json()) as {
      items: { cost?: { summary: { totalMonthlyCost: number | null } } }[];
      nextCursor?: string;
    };
    for (const item of page.items) {
      total += item.cost?.summary.totalMonthlyCost ?? 0;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}
