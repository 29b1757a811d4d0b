/**
 * Seeds the running portal with TfPilot requests in many lifecycle states,
 * for the browser tests and for trying the request views by hand.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs scripts/seed-requests.ts
 *
 * Each request is created through the real API (`POST /api/tfpilot/requests`,
 * signed in as the guest), so the backend assigns the id, checks the input
 * and runs the pre-plan policies. The states after `submitted` need an
 * executor; instead, the revisions it would have produced are written into
 * the local object store (`requests/<id>/<revision>.json`, each a record valid
 * per `requestRecordSchema`, with plan and cost summaries parsed from the
 * real plan and infracost files in ../shared/fixtures), and
 * `POST /api/tfpilot/admin/reindex` rebuilds the index from the store.
 *
 * Settings (environment): TFPILOT_BACKEND_URL (http://localhost:7007),
 * TFPILOT_OBJECTS_DIR (<repo>/.tfpilot/objects, as app-config.yaml says),
 * TFPILOT_FIXTURES_DIR (<repo>/../shared/fixtures), SEED_EXTRA (30: plain
 * submitted requests for paging). Prints what it made as JSON and writes
 * it to .test-output/seed-requests.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  EVENT_TARGET_STATE,
  EventType,
  requestRecordSchema,
  RequestRun,
  StoredCost,
  StoredPlan,
  summarizeCost,
  summarizePlanJson,
  TfRequest,
  toStoredPlan,
} from '@tfpilot/backstage-plugin-tfpilot-common';

const REPO_ROOT = resolve(__dirname, '..');

export interface SeedOptions {
  backendUrl?: string;
  objectsDir?: string;
  fixturesDir?: string;
  /** Plain submitted requests added for paging, under their own entity. */
  extra?: number;
  /** Distinguishes this run's entities from earlier runs'. */
  tag?: string;
  log?: (line: string) => void;
}

/** What was seeded: ids by scenario, and the entities they serve. */
export interface SeedResult {
  tag: string;
  /** The entity of the scenario requests; filter on it to see only them. */
  entityRef: string;
  /** The entity of the extra (paging) requests. */
  pagingEntityRef: string;
  requests: Record<ScenarioName, string>;
  extra: string[];
}

type ScenarioName =
  | 'submitted'
  | 'rejected'
  | 'planFailed'
  | 'awaitingApproval'
  | 'blockedByPolicy'
  | 'applying'
  | 'applied';

/**
 * Times of the written revisions: from the creation the backend recorded,
 * a few seconds apart (revisions cannot predate the request), remembering
 * the latest so the seeder can wait until all of them are in the past.
 */
interface Clock {
  advance(ms: number): string;
}

let latestMs = 0;

function clockFrom(record: TfRequest): Clock {
  let now = Date.parse(record.createdAt);
  return {
    advance(ms: number) {
      now += ms;
      latestMs = Math.max(latestMs, now);
      return new Date(now).toISOString();
    },
  };
}

class Seeder {
  readonly #backend: string;
  readonly #objects: string;
  readonly #fixtures: string;
  readonly #log: (line: string) => void;
  #token?: string;
  #runs = 0;
  #pulls = 0;

  constructor(options: Required<Omit<SeedOptions, 'extra' | 'tag'>>) {
    this.#backend = options.backendUrl.replace(/\/$/, '');
    this.#objects = options.objectsDir;
    this.#fixtures = options.fixturesDir;
    this.#log = options.log;
  }

  /** A guest token from the guest provider, as the app's sign-in page gets one. */
  async signIn(): Promise<void> {
    const response = await fetch(`${this.#backend}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (!response.ok) {
      throw new Error(
        `guest sign-in failed: ${response.status} ${await response.text()}`,
      );
    }
    const body = (await response.json()) as {
      backstageIdentity: { token: string };
    };
    this.#token = body.backstageIdentity.token;
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.#backend}/api/tfpilot${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.#token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(
        `${method} ${path}: ${response.status} ${await response.text()}`,
      );
    }
    return (await response.json()) as T;
  }

  create(body: {
    module: { name: string; version: string };
    environment: string;
    entityRef: string;
    inputs: Record<string, unknown>;
  }): Promise<TfRequest> {
    return this.#call<TfRequest>('POST', '/requests', body);
  }

  reindex(): Promise<{ requests: number; revisions: number }> {
    return this.#call('POST', '/admin/reindex');
  }

  plan(file: string, runId: string): StoredPlan {
    const text = readFileSync(join(this.#fixtures, 'plans', file), 'utf8');
    return toStoredPlan(runId, summarizePlanJson(text));
  }

  cost(file: string, runId: string): StoredCost {
    const json: unknown = JSON.parse(
      readFileSync(join(this.#fixtures, 'infracost', file), 'utf8'),
    );
    return { runId, summary: summarizeCost(json) };
  }

  pullRequest(): { number: number; url: string } {
    this.#pulls += 1;
    return { number: this.#pulls, url: `${GITHUB}/pull/${this.#pulls}` };
  }

  runId(operation: string): string {
    this.#runs += 1;
    return `seed-${operation}-${Date.now().toString(36)}-${this.#runs}`;
  }

  /** Writes one revision where the local object store keeps it. */
  async write(record: TfRequest): Promise<void> {
    const valid = requestRecordSchema.parse(record);
    const file = join(
      this.#objects,
      'requests',
      valid.id,
      `${String(valid.revision).padStart(10, '0')}.json`,
    );
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(valid), { flag: 'wx' });
  }

  log(line: string) {
    this.#log(line);
  }
}

/** The next revision: one lifecycle event, the state it leads to, and what changed. */
function next(
  record: TfRequest,
  type: Exclude<EventType, 'promoted'>,
  at: string,
  changes: Partial<TfRequest> & { actor?: string; runId?: string } = {},
  details: Record<string, unknown> = {},
): TfRequest {
  const { actor = record.owner, runId, ...rest } = changes;
  const revision = record.revision + 1;
  const to = (EVENT_TARGET_STATE as Record<string, TfRequest['status']>)[type];
  return {
    ...record,
    ...rest,
    revision,
    status: to,
    updatedAt: at,
    event: {
      requestId: record.id,
      seq: revision,
      type,
      from: record.status,
      to,
      actor,
      ...(runId ? { runId } : {}),
      at,
      details,
    },
  };
}

const GITHUB = 'https://github.com/acme/infra-live';

function run(
  seeder: Seeder,
  operation: RequestRun['operation'],
  startedAt: string,
): RequestRun {
  const runId = seeder.runId(operation);
  return {
    runId,
    operation,
    status: 'running',
    executor: 'github',
    startedAt,
    url: `${GITHUB}/actions/runs/${runId}`,
  };
}

function finish(
  runs: RequestRun[],
  runId: string,
  status: 'succeeded' | 'failed',
  at: string,
  message?: string,
): RequestRun[] {
  return runs.map(r =>
    r.runId === runId
      ? { ...r, status, finishedAt: at, ...(message ? { message } : {}) }
      : r,
  );
}

/**
 * submitted → planning → planned (plan, cost, post-plan findings) →
 * awaiting approval; returns every revision after the first.
 */
function planned(
  seeder: Seeder,
  created: TfRequest,
  clock: Clock,
  files: { plan: string; cost: string },
  postPlan: NonNullable<TfRequest['policy']>['postPlan'] = [],
): TfRequest[] {
  const planRun = run(seeder, 'plan', clock.advance(1_000));
  const pullRequest = seeder.pullRequest();
  const r2 = next(created, 'plan_requested', planRun.startedAt, {
    runs: [planRun],
    runId: planRun.runId,
    pullRequest,
  });
  const doneAt = clock.advance(3_000);
  const r3 = next(r2, 'planned', doneAt, {
    actor: 'executor:github',
    runId: planRun.runId,
    runs: finish(r2.runs, planRun.runId, 'succeeded', doneAt),
    plan: seeder.plan(files.plan, planRun.runId),
    cost: seeder.cost(files.cost, planRun.runId),
    policy: { prePlan: created.policy?.prePlan ?? [], postPlan },
  });
  const r4 = next(r3, 'approval_requested', clock.advance(100), {
    actor: 'system',
  });
  return [r2, r3, r4];
}

const tags = (owner: string) => ({ owner, 'cost-center': 'cc-1234' });

/** Seeds every scenario once, plus `extra` plain requests for paging. */
export async function seedRequests(
  options: SeedOptions = {},
): Promise<SeedResult> {
  const tag = options.tag ?? Date.now().toString(36);
  const seeder = new Seeder({
    backendUrl:
      options.backendUrl ??
      process.env.TFPILOT_BACKEND_URL ??
      'http://localhost:7007',
    objectsDir:
      options.objectsDir ??
      process.env.TFPILOT_OBJECTS_DIR ??
      join(REPO_ROOT, '.tfpilot', 'objects'),
    fixturesDir:
      options.fixturesDir ??
      process.env.TFPILOT_FIXTURES_DIR ??
      resolve(REPO_ROOT, '..', 'shared', 'fixtures'),
    log: options.log ?? (() => undefined),
  });
  const extraCount = options.extra ?? Number(process.env.SEED_EXTRA ?? 30);
  const entityRef = `component:default/e2e-shop-${tag}`;
  const pagingEntityRef = `component:default/e2e-paging-${tag}`;
  await seeder.signIn();

  const bucket = { name: 'object-bucket', version: '1.0.0' };
  const database = { name: 'postgres-database', version: '1.0.0' };
  /**
   * A request the pre-plan policies accept. They run on the backend with a
   * time limit per pattern; on a loaded machine a check can time out and
   * reject a valid request, so a rejected one is tried again (a few times).
   */
  const create = async (
    environment: string,
    module: { name: string; version: string },
    name: string,
    entity = entityRef,
  ): Promise<TfRequest> => {
    for (let attempt = 1; ; attempt++) {
      const request = await seeder.create({
        module,
        environment,
        entityRef: entity,
        inputs: { name, tags: tags('team-shop') },
      });
      if (request.status === 'submitted') return request;
      if (attempt === 3) {
        throw new Error(
          `request ${request.id} was ${
            request.status
          }, not submitted: ${JSON.stringify(request.event.details)}`,
        );
      }
      seeder.log(
        `request ${request.id} was ${
          request.status
        }; trying again (${JSON.stringify(request.event.details)})`,
      );
    }
  };

  const requests = {} as Record<ScenarioName, string>;

  // Pre-plan policies reject this one for real: the name breaks the naming rule.
  const rejected = await seeder.create({
    module: bucket,
    environment: 'dev',
    entityRef,
    inputs: { name: 'Bad_Name', tags: { owner: 'team-shop' } },
  });
  requests.rejected = rejected.id;

  requests.submitted = (await create('dev', bucket, `shop-new-${tag}`)).id;

  const failing = await create('stage', database, `shop-db-${tag}`);
  {
    const clock = clockFrom(failing);
    const planRun = run(seeder, 'plan', clock.advance(1_000));
    const r2 = next(failing, 'plan_requested', planRun.startedAt, {
      runs: [planRun],
      runId: planRun.runId,
    });
    const at = clock.advance(2_000);
    const r3 = next(
      r2,
      'plan_failed',
      at,
      {
        actor: 'executor:github',
        runId: planRun.runId,
        runs: finish(
          r2.runs,
          planRun.runId,
          'failed',
          at,
          'terraform exited with status 1: Error: Invalid value for variable "instance_class"',
        ),
      },
      {
        message:
          'terraform exited with status 1: Error: Invalid value for variable "instance_class"',
      },
    );
    for (const record of [r2, r3]) await seeder.write(record);
    requests.planFailed = failing.id;
  }

  const awaiting = await create('dev', bucket, `shop-assets-${tag}`);
  for (const record of planned(
    seeder,
    awaiting,
    clockFrom(awaiting),
    {
      plan: 'policy-engine__resource-changes.json',
      cost: 'diff__compare_to_cost_decrease.json',
    },
    [
      {
        ruleId: 'sandbox-budget',
        severity: 'warning',
        message: 'The monthly cost changes by more than $100 in dev.',
        remediation:
          'Check the cost estimate; a **smaller instance size** keeps sandboxes cheap.',
      },
    ],
  )) {
    await seeder.write(record);
  }
  requests.awaitingApproval = awaiting.id;

  const blocked = await create('prod', bucket, `shop-logs-${tag}`);
  for (const record of planned(
    seeder,
    blocked,
    clockFrom(blocked),
    {
      plan: 'terraform__show-json__basic-delete.json',
      cost: 'breakdown__terraform_v0.14_plan.json',
    },
    [
      {
        ruleId: 'protected-data',
        severity: 'error',
        message: 'The plan deletes test_instance.foo, a protected resource.',
        target: 'test_instance.foo',
        remediation:
          'Keep the resource (add `lifecycle { prevent_destroy = true }`), or ask an administrator to approve the deletion anyway.',
      },
    ],
  )) {
    await seeder.write(record);
  }
  requests.blockedByPolicy = blocked.id;

  for (const scenario of ['applying', 'applied'] as const) {
    const request = await create('stage', bucket, `shop-${scenario}-${tag}`);
    const clock = clockFrom(request);
    const revisions = planned(seeder, request, clock, {
      plan: 'tf-summarize__example.json',
      cost: 'breakdown__terraform_v0.14_plan.json',
    });
    const approved = next(
      revisions[revisions.length - 1],
      'approved',
      clock.advance(1_000),
      { actor: 'user:default/alice' },
      { comment: 'Looks good.' },
    );
    revisions.push(approved);
    const applyRun = run(seeder, 'apply', clock.advance(500));
    const applying = next(approved, 'apply_requested', applyRun.startedAt, {
      runs: [...approved.runs, applyRun],
      runId: applyRun.runId,
    });
    revisions.push(applying);
    if (scenario === 'applied') {
      const at = clock.advance(4_000);
      revisions.push(
        next(applying, 'applied', at, {
          actor: 'executor:github',
          runId: applyRun.runId,
          runs: finish(applying.runs, applyRun.runId, 'succeeded', at),
          drift: { state: 'in_sync', lastCheckedAt: at },
        }),
      );
    }
    for (const record of revisions) await seeder.write(record);
    requests[scenario] = request.id;
  }

  const extra: string[] = [];
  for (let i = 0; i < extraCount; i++) {
    const request = await create(
      ['dev', 'stage', 'prod'][i % 3],
      i % 2 ? bucket : database,
      `paging-${i}-${tag}`,
      pagingEntityRef,
    );
    extra.push(request.id);
  }

  // Nothing should read as happening in the future.
  const wait = latestMs - Date.now() + 500;
  if (wait > 0) await new Promise(r => setTimeout(r, wait));
  const indexed = await seeder.reindex();
  seeder.log(
    `seeded ${
      Object.keys(requests).length + extra.length
    } requests; the index holds ${indexed.requests}`,
  );
  return { tag, entityRef, pagingEntityRef, requests, extra };
}

async function main() {
  const result = await seedRequests({
    log: line => process.stderr.write(`${line}\n`),
  });
  const out = join(REPO_ROOT, '.test-output', 'seed-requests.json');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(result, null, 2));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`seed-requests: ${error}\n`);
    process.exit(1);
  });
}
