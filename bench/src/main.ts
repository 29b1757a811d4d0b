/**
 * TfPilot bench: seeds 100,000 requests into SQLite and PostgreSQL, starts a
 * real Backstage backend with the TfPilot plugin on each, loads it with
 * autocannon, and measures the bare database/storage work of each scenario
 * in the same run as a baseline.
 *
 * Entry point: bench/run.sh. Settings (environment variables):
 *   BENCH_DATABASES   sqlite,postgres (default both)
 *   BENCH_REQUESTS    rows to seed (default 100000)
 *   BENCH_DURATION    seconds per measured run (default 10)
 *   BENCH_WARMUP      seconds of unmeasured load before each run (default 2)
 *   BENCH_CONNECTIONS concurrent connections / in-flight calls (default 10)
 *   BENCH_PORT        backend port (default 7077)
 *   BENCH_FSYNC       1 sets tfpilot.storage.local.fsync (and fsyncs the baseline's store)
 *   BENCH_KEEP        1 keeps the scratch directory (databases, logs)
 *   BENCH_PROFILE     1 runs the backend under --cpu-prof and reports where
 *                     its time goes in each measured window (adds overhead)
 *   TFPILOT_TEST_POSTGRES_URL  PostgreSQL server (set by run.sh)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { Knex } from 'knex';
import {
  newRequestId,
  REQUEST_API_VERSION,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { LocalObjectStore } from '@tfpilot/backstage-plugin-tfpilot-backend/src/storage/LocalObjectStore';
import {
  eventKey,
  requestRevisionKey,
} from '@tfpilot/backstage-plugin-tfpilot-backend/src/storage/keys';
import { startBackend, RunningBackend } from './backendProcess';
import {
  BenchDatabase,
  countRows,
  EVENTS,
  explain,
  ListFilter,
  listRequestsQuery,
  metricsQueries,
  migrate,
  postgresDatabase,
  recreatePostgresDatabase,
  REQUESTS,
  SeedData,
  seedPostgres,
  seedSqlite,
  sqliteDatabase,
  generateSeed,
} from './database';
import { HttpRunOptions, HttpRunResult, runAutocannon, runLoop } from './load';
import {
  nowUs,
  ProfileWindow,
  readMainThreadProfile,
  summarise,
} from './profile';
import { eventRow, requestRow } from './records';
import {
  DatabaseInfo,
  ReadResult,
  Report,
  ScenarioResult,
  textTable,
  WriteResult,
  writeReport,
} from './report';

const env = (name: string, fallback: string) => process.env[name] || fallback;
const SETTINGS = {
  requests: Number(env('BENCH_REQUESTS', '100000')),
  durationSeconds: Number(env('BENCH_DURATION', '10')),
  warmupSeconds: Number(env('BENCH_WARMUP', '2')),
  connections: Number(env('BENCH_CONNECTIONS', '10')),
  port: Number(env('BENCH_PORT', '7077')),
  /** tfpilot.storage.local.fsync for the backend, and the same for the baseline store. */
  fsync: env('BENCH_FSYNC', '0') === '1',
  pageSize: 50,
};
const DATABASES = env('BENCH_DATABASES', 'sqlite,postgres')
  .split(',')
  .map(s => s.trim())
  .filter(Boolean);
const PROFILE = process.env.BENCH_PROFILE === '1';
/** Seconds of each side measurement (diagnostics). */
const DIAG_SECONDS = Math.max(1, Math.round(SETTINGS.durationSeconds / 5));
const READ_TARGET_MS = 50;
const CREATE_TARGET_PER_SECOND = 200;
const RESULTS_DIR = join(__dirname, '..', 'results');

function log(message: string): void {
  process.stderr.write(
    `[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`,
  );
}

interface ListScenario {
  name: string;
  filter: ListFilter;
  /** Read this many pages first and measure the next one, through its cursor. */
  skipPages?: number;
}

const LIST_SCENARIOS: ListScenario[] = [
  {
    name: 'GET /requests env=dev status=applied',
    filter: { environment: ['dev'], status: ['applied'] },
  },
  {
    name: 'GET /requests env=prod status=apply_failed',
    filter: { environment: ['prod'], status: ['apply_failed'] },
  },
  {
    name: 'GET /requests module=postgres-db env=stage,prod',
    filter: { module: ['postgres-db'], environment: ['stage', 'prod'] },
  },
  {
    name: 'GET /requests env=dev status=applied page 41 (cursor)',
    filter: { environment: ['dev'], status: ['applied'] },
    skipPages: 40,
  },
];

/** What every scenario of one database needs. */
interface Context {
  bench: BenchDatabase;
  db: Knex;
  backend: RunningBackend;
  scratch: string;
  /** Measured load windows, for the CPU profile. */
  windows: ProfileWindow[];
}

/** The measured autocannon run of a scenario, its window noted for the profile. */
async function measure(
  ctx: Context,
  label: string,
  options: Omit<HttpRunOptions, 'token' | 'connections' | 'durationSeconds'>,
): Promise<HttpRunResult> {
  const startUs = nowUs();
  const result = await runAutocannon({
    ...options,
    token: ctx.backend.token,
    connections: SETTINGS.connections,
    durationSeconds: SETTINGS.durationSeconds,
  });
  ctx.windows.push({ label, startUs, endUs: nowUs() });
  return result;
}

function listPath(filter: ListFilter, limit: number, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [key, values] of Object.entries(filter) as [
    string,
    string[] | undefined,
  ][]) {
    if (values?.length) params.set(key, values.join(','));
  }
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return `/api/tfpilot/requests?${params.toString()}`;
}

interface Page {
  items: TfRequest[];
  nextCursor?: string;
}

async function getJson<T>(backend: RunningBackend, path: string): Promise<T> {
  const response = await fetch(`${backend.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${backend.token}` },
  });
  if (!response.ok) {
    throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

function inlineSql(query: Knex.QueryBuilder): string {
  return query.toQuery();
}

const CREATE_SCENARIO = 'POST /requests (local store)';

/** The same POST body every time: each call still creates a new request. */
const CREATE_BODY = {
  module: { name: 'object-bucket', version: '1.0.0' },
  environment: 'dev',
  inputs: {
    name: 'bench-service-object-bucket',
    environment: 'dev',
    versioning: true,
    noncurrent_version_expiration_days: 90,
    size: 'small',
    tags: {
      owner: 'bench',
      'cost-center': 'cc-1000',
      service: 'bench-service',
    },
  },
  entityRef: 'component:default/bench-service',
};

/** The record RequestService.create makes for CREATE_BODY. */
function createdRecord(): TfRequest {
  const now = new Date();
  const at = now.toISOString();
  const id = newRequestId(now.getTime());
  return {
    apiVersion: REQUEST_API_VERSION,
    id,
    module: CREATE_BODY.module,
    environment: CREATE_BODY.environment,
    inputs: CREATE_BODY.inputs,
    entityRef: CREATE_BODY.entityRef,
    owner: 'service:bench',
    revision: 1,
    status: 'submitted',
    createdAt: at,
    updatedAt: at,
    runs: [],
    event: {
      requestId: id,
      seq: 1,
      type: 'submitted',
      from: null,
      to: 'submitted',
      actor: 'service:bench',
      at,
      details: {},
    },
  };
}

async function warmup(
  backend: RunningBackend,
  path: string,
  method: 'GET' | 'POST' = 'GET',
) {
  if (SETTINGS.warmupSeconds <= 0) return;
  await runAutocannon({
    url: `${backend.baseUrl}${path}`,
    token: backend.token,
    connections: SETTINGS.connections,
    durationSeconds: SETTINGS.warmupSeconds,
    method,
    ...(method === 'POST' ? { body: JSON.stringify(CREATE_BODY) } : {}),
  });
}

async function benchList(
  ctx: Context,
  scenario: ListScenario,
): Promise<ReadResult> {
  const { bench, db, backend } = ctx;
  const limit = SETTINGS.pageSize;
  // Follow the API's own cursors to the page under test.
  let cursor: string | undefined;
  let after: { createdAt: string; id: string } | undefined;
  for (let i = 0; i < (scenario.skipPages ?? 0); i++) {
    const page = await getJson<Page>(
      backend,
      listPath(scenario.filter, limit, cursor),
    );
    const last = page.items[page.items.length - 1];
    if (!page.nextCursor || !last)
      throw new Error(`${scenario.name}: ran out of pages at ${i + 1}`);
    cursor = page.nextCursor;
    after = { createdAt: last.createdAt, id: last.id };
  }
  const path = listPath(scenario.filter, limit, cursor);
  const query = () => listRequestsQuery(db, scenario.filter, limit, after);

  // The bare query must return the page the API returns.
  const apiPage = await getJson<Page>(backend, path);
  const rows: Array<{ id: string }> = await query();
  const apiIds = apiPage.items.map(r => r.id).join(',');
  const sqlIds = rows
    .slice(0, limit)
    .map(r => r.id)
    .join(',');
  const check =
    apiIds === sqlIds && Boolean(apiPage.nextCursor) === rows.length > limit
      ? `same ${apiPage.items.length} rows from the API and the bare query`
      : `MISMATCH: API ${apiPage.items.length} rows, bare query ${rows.length}`;

  log(
    `${bench.kind}: ${scenario.name}: autocannon ${SETTINGS.durationSeconds}s`,
  );
  await warmup(backend, path);
  const api = await measure(ctx, scenario.name, {
    url: `${backend.baseUrl}${path}`,
  });
  log(
    `${bench.kind}: ${scenario.name}: bare query ${SETTINGS.durationSeconds}s`,
  );
  await runLoop(
    () => query(),
    SETTINGS.connections,
    Math.min(0.5, SETTINGS.warmupSeconds),
  );
  const baseline = await runLoop(
    () => query(),
    SETTINGS.connections,
    SETTINGS.durationSeconds,
  );
  const plan = await explain(db, bench.kind, query());
  return {
    kind: 'read',
    scenario: scenario.name,
    database: bench.kind,
    path,
    api,
    baseline,
    ratio: api.exact.p99 / baseline.latency.p99,
    targetMs: READ_TARGET_MS,
    pass:
      api.p99 <= READ_TARGET_MS && api.non2xx + api.errors === 0 && api.ok > 0,
    sql: [inlineSql(query())],
    plan: [plan],
    check,
    diagnostics: [],
  };
}

async function benchMetrics(ctx: Context, seeded: number): Promise<ReadResult> {
  const { bench, db, backend } = ctx;
  const path = '/api/tfpilot/metrics';
  const metrics = await getJson<{ totalRequests: number }>(backend, path);
  const [byStatus] = await metricsQueries(db);
  const rows: Array<{ count: string | number }> = await byStatus;
  const total = rows.reduce((n, r) => n + Number(r.count), 0);
  const check =
    metrics.totalRequests === total && total >= seeded
      ? `API totalRequests ${metrics.totalRequests} = sum of the bare aggregate`
      : `MISMATCH: API totalRequests ${metrics.totalRequests}, bare aggregate ${total}, seeded ${seeded}`;

  log(`${bench.kind}: GET /metrics: autocannon ${SETTINGS.durationSeconds}s`);
  await warmup(backend, path);
  const api = await measure(ctx, 'GET /metrics', {
    url: `${backend.baseUrl}${path}`,
  });
  log(`${bench.kind}: GET /metrics: bare queries ${SETTINGS.durationSeconds}s`);
  // Both aggregates at once, as the router runs them.
  const both = () => Promise.all(metricsQueries(db).map(q => q.then(r => r)));
  const baseline = await runLoop(
    both,
    SETTINGS.connections,
    SETTINGS.durationSeconds,
  );
  // One computation alone: what a cache refresh costs without queueing.
  const single = await runLoop(both, 1, DIAG_SECONDS);
  const queries = metricsQueries(db);
  const plans = [];
  for (const q of queries) plans.push(await explain(db, bench.kind, q));
  return {
    kind: 'read',
    scenario: 'GET /metrics',
    database: bench.kind,
    path,
    api,
    baseline,
    ratio: api.exact.p99 / baseline.latency.p99,
    targetMs: READ_TARGET_MS,
    pass:
      api.p99 <= READ_TARGET_MS && api.non2xx + api.errors === 0 && api.ok > 0,
    sql: metricsQueries(db).map(inlineSql),
    plan: plans,
    check,
    diagnostics: [
      { label: 'both bare aggregates, one caller at a time', result: single },
    ],
  };
}

async function benchCreate(ctx: Context): Promise<WriteResult> {
  const { bench, db, backend, scratch } = ctx;
  const path = '/api/tfpilot/requests';
  const before = (await countRows(db)).requests;
  log(`${bench.kind}: POST /requests: autocannon ${SETTINGS.durationSeconds}s`);
  await warmup(backend, path, 'POST');
  const afterWarmup = (await countRows(db)).requests;
  const api = await measure(ctx, CREATE_SCENARIO, {
    url: `${backend.baseUrl}${path}`,
    method: 'POST',
    body: JSON.stringify(CREATE_BODY),
  });
  const after = (await countRows(db)).requests;
  const created = after - afterWarmup;
  // The new requests must read back through the API.
  const page = await getJson<Page>(
    backend,
    listPath({ environment: ['dev'], status: ['submitted'] }, 5),
  );
  const check = `${created} rows indexed for ${api.ok} 2xx answers (${
    afterWarmup - before
  } more in warm-up); newest read back: ${
    page.items[0]?.owner === 'service:bench' ? 'ok' : 'NOT FOUND'
  }`;

  // Baseline: the storage work of one create without the service around it:
  // the revision and event objects (LocalObjectStore.putIfAbsent, fsync'd),
  // then the same two index statements RequestIndex runs.
  log(
    `${bench.kind}: POST /requests: bare writes ${SETTINGS.durationSeconds}s`,
  );
  const store = new LocalObjectStore({
    dir: join(scratch, `baseline-objects-${bench.kind}`),
    fsync: SETTINGS.fsync,
  });
  const storeWrites = async (record: TfRequest) => {
    await store.putIfAbsent(
      requestRevisionKey(record.id, record.revision),
      Buffer.from(JSON.stringify(record)),
    );
    await store.putIfAbsent(
      eventKey(record.event.at, record.id, record.event.seq),
      Buffer.from(JSON.stringify(record.event)),
    );
  };
  const write = async () => {
    const record = createdRecord();
    await storeWrites(record);
    await indexWrites(db, record);
  };
  const baseline = await runLoop(
    write,
    SETTINGS.connections,
    SETTINGS.durationSeconds,
  );
  // Which half costs what: the object store alone, the index alone.
  const storeOnly = await runLoop(
    () => storeWrites(createdRecord()),
    SETTINGS.connections,
    DIAG_SECONDS,
  );
  const indexOnly = await runLoop(
    () => indexWrites(db, createdRecord()),
    SETTINGS.connections,
    DIAG_SECONDS,
  );
  const createsPerSecond = api.ok / api.durationSeconds;
  return {
    kind: 'write',
    scenario: CREATE_SCENARIO,
    database: bench.kind,
    path,
    api,
    createsPerSecond,
    baseline,
    ratio: createsPerSecond / baseline.opsPerSecond,
    targetPerSecond: CREATE_TARGET_PER_SECOND,
    pass:
      createsPerSecond >= CREATE_TARGET_PER_SECOND &&
      api.non2xx + api.errors === 0 &&
      created >= api.ok,
    baselineDescription:
      'per create: LocalObjectStore.putIfAbsent of the revision and of its event, then the index upsert of the request row and insert of the event row (the statements RequestIndex runs), with the same concurrency',
    check,
    diagnostics: [
      { label: 'object store only (2 x putIfAbsent)', result: storeOnly },
      {
        label: 'index only (request upsert + event insert)',
        result: indexOnly,
      },
    ],
  };
}

/** The two index statements of a create, as RequestIndex.putRequest/putEvent run them. */
async function indexWrites(db: Knex, record: TfRequest): Promise<void> {
  const row = requestRow({
    record,
    history: [record.event],
  });
  const { id: _id, created_at: _createdAt, ...updatable } = row;
  await db(REQUESTS)
    .insert(row)
    .onConflict('id')
    .merge(Object.keys(updatable))
    .where(`${REQUESTS}.revision`, '<', record.revision);
  await db(EVENTS)
    .insert(eventRow(record.event))
    .onConflict(['request_id', 'seq'])
    .ignore();
}

async function databaseVersion(
  db: Knex,
  bench: BenchDatabase,
): Promise<string> {
  if (bench.kind === 'sqlite') {
    const rows: Array<{ v: string }> = await db.raw(
      'select sqlite_version() as v',
    );
    return `SQLite ${rows[0].v} (better-sqlite3)`;
  }
  const result: { rows: Array<{ server_version: string }> } = await db.raw(
    'show server_version',
  );
  return `PostgreSQL ${result.rows[0].server_version}`;
}

async function benchDatabase(
  bench: BenchDatabase,
  data: SeedData,
  scratch: string,
  results: ScenarioResult[],
  infos: DatabaseInfo[],
): Promise<void> {
  const db = bench.connect();
  let backend: RunningBackend | undefined;
  const first = results.length;
  const windows: ProfileWindow[] = [];
  const profileDir = PROFILE
    ? join(scratch, `profile-${bench.kind}`)
    : undefined;
  try {
    log(
      `${bench.kind}: migrating and seeding ${data.requests.length} requests into ${bench.describe}`,
    );
    await migrate(db);
    const seeded = bench.filename
      ? seedSqlite(bench.filename, data)
      : await seedPostgres(db, data);
    // PostgreSQL's autovacuum would analyze the freshly loaded tables within a
    // minute; do it now so it can't kick in mid-run. SQLite: the plugin never
    // runs ANALYZE, so neither does the bench.
    const analyzed = bench.kind === 'postgres';
    if (analyzed) await db.raw('ANALYZE');
    log(
      `${bench.kind}: seeded ${seeded.requests} requests, ${
        seeded.events
      } events in ${seeded.seconds.toFixed(1)} s`,
    );
    const info: DatabaseInfo = {
      kind: bench.kind,
      location: bench.describe,
      version: await databaseVersion(db, bench),
      seed: seeded,
      analyzed,
    };
    infos.push(info);

    backend = await startBackend({
      dir: scratch,
      port: SETTINGS.port,
      database: bench.backendConfig,
      objectsDir: join(scratch, `objects-${bench.kind}`),
      fsync: SETTINGS.fsync,
      label: bench.kind,
      profileDir,
    });
    log(
      `${bench.kind}: backend up at ${backend.baseUrl} (log ${backend.logFile})`,
    );
    if (bench.kind === 'sqlite') {
      // The journal mode is a property of the file: read it as the backend left it.
      info.journalMode = journalMode(bench.filename ?? '');
      // The plugin pairs WAL with synchronous=NORMAL on its connection (a
      // per-connection setting); the baseline connection does the same.
      if (info.journalMode === 'wal')
        await db.raw('PRAGMA synchronous = NORMAL');
    }
    const ctx: Context = { bench, db, backend, scratch, windows };

    // One warm-up over every read path first, so the first scenario does not
    // pay for the fresh process (lazy compilation, JIT tiers, cold pages).
    if (SETTINGS.warmupSeconds > 0) {
      await runAutocannon({
        url: backend.baseUrl,
        paths: [
          ...LIST_SCENARIOS.filter(l => !l.skipPages).map(l =>
            listPath(l.filter, SETTINGS.pageSize),
          ),
          '/api/tfpilot/metrics',
        ],
        token: backend.token,
        connections: SETTINGS.connections,
        durationSeconds: 2 * SETTINGS.warmupSeconds,
      });
    }
    for (const scenario of LIST_SCENARIOS) {
      results.push(await benchList(ctx, scenario));
    }
    results.push(await benchMetrics(ctx, seeded.requests));
    results.push(await benchCreate(ctx));
  } finally {
    await backend?.stop();
  }
  try {
    if (
      bench.kind === 'sqlite' &&
      infos[infos.length - 1]?.journalMode !== 'wal'
    ) {
      // What-if, with the backend stopped: the same index writes in WAL mode
      // with synchronous=NORMAL (Backstage leaves SQLite in rollback-journal mode).
      const create = results.slice(first).find(r => r.kind === 'write');
      if (create) {
        await db.raw('PRAGMA journal_mode = WAL');
        await db.raw('PRAGMA synchronous = NORMAL');
        const wal = await runLoop(
          () => indexWrites(db, createdRecord()),
          SETTINGS.connections,
          DIAG_SECONDS,
        );
        create.diagnostics.push({
          label:
            'what-if: index only with PRAGMA journal_mode=WAL, synchronous=NORMAL',
          result: wal,
        });
      }
    }
  } finally {
    await db.destroy();
  }
  if (profileDir) {
    const profile = readMainThreadProfile(profileDir);
    if (profile) {
      for (const result of results.slice(first)) {
        const window = windows.find(w => w.label === result.scenario);
        if (window) result.profile = summarise(profile, window);
      }
    }
  }
  process.stdout.write(`\n${textTable(results.slice(first))}\n\n`);
}

/**
 * The journal mode recorded in the file, read on a fresh connection (an open
 * connection keeps reporting the mode it started with).
 */
function journalMode(filename: string): string {
  const sqlite = new Database(filename, { readonly: true });
  try {
    const mode: unknown = sqlite.pragma('journal_mode', { simple: true });
    return String(mode);
  } finally {
    sqlite.close();
  }
}

/** 1, 5 and 15 minute load averages: other work on the machine skews results. */
function loadAverage(): string {
  return loadavg()
    .map(n => n.toFixed(2))
    .join(' ');
}

/**
 * Removes a database's object stores (tens of thousands of small files) in
 * the background while the next database is seeded; the harness waits for it
 * before exiting.
 */
function removeObjects(scratch: string, kind: string): Promise<void> {
  if (process.env.BENCH_KEEP === '1') return Promise.resolve();
  const dirs = [`objects-${kind}`, `baseline-objects-${kind}`].map(d =>
    join(scratch, d),
  );
  return new Promise(resolve => {
    const rm = spawn('rm', ['-rf', ...dirs], { stdio: 'ignore' });
    rm.once('error', () => resolve());
    rm.once('exit', () => resolve());
  });
}

/** What is left of the scratch directory; `rm -rf` is much faster than rmSync. */
function removeScratch(dir: string): void {
  try {
    execFileSync('rm', ['-rf', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
}

function packageVersion(name: string): string {
  const file = require.resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string })
    .version;
}

function gitDescribe(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', '--', '../plugins'],
      {
        encoding: 'utf8',
        cwd: __dirname,
      },
    ).trim();
    return dirty ? `${head} + uncommitted changes under plugins/` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const scratch = mkdtempSync(join(tmpdir(), 'tfpilot-bench-'));
  const results: ScenarioResult[] = [];
  const infos: DatabaseInfo[] = [];
  log(`scratch directory ${scratch}`);
  const loadBefore = loadAverage();
  const removals: Promise<void>[] = [];
  try {
    const data = generateSeed(SETTINGS.requests, Date.now() - 60_000);
    log(
      `generated ${data.requests.length} requests, ${
        data.events.length
      } events in ${data.generateSeconds.toFixed(1)} s`,
    );
    for (const kind of DATABASES) {
      if (kind === 'sqlite') {
        await benchDatabase(
          sqliteDatabase(join(scratch, 'sqlite')),
          data,
          scratch,
          results,
          infos,
        );
        removals.push(removeObjects(scratch, kind));
      } else if (kind === 'postgres') {
        const url = process.env.TFPILOT_TEST_POSTGRES_URL;
        if (!url)
          throw new Error(
            'TFPILOT_TEST_POSTGRES_URL is not set (run bench/run.sh)',
          );
        await recreatePostgresDatabase(url);
        await benchDatabase(
          postgresDatabase(url),
          data,
          scratch,
          results,
          infos,
        );
        removals.push(removeObjects(scratch, kind));
      } else {
        throw new Error(`unknown database ${kind}; use sqlite and/or postgres`);
      }
    }
  } finally {
    const report: Report = {
      startedAt,
      finishedAt: new Date().toISOString(),
      environment: {
        node: process.version,
        cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
        commit: gitDescribe(),
        loadTool: `autocannon ${packageVersion('autocannon')}`,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadAverage(),
      },
      settings: {
        requestsSeeded: SETTINGS.requests,
        durationSeconds: SETTINGS.durationSeconds,
        warmupSeconds: SETTINGS.warmupSeconds,
        connections: SETTINGS.connections,
        pageSize: SETTINGS.pageSize,
        objectStoreFsync: String(SETTINGS.fsync),
        cpuProfile: String(PROFILE),
      },
      databases: infos,
      results,
    };
    if (results.length) {
      writeReport(RESULTS_DIR, report);
      process.stdout.write(`All results:\n\n${textTable(results)}\n\n`);
      log(`wrote ${join(RESULTS_DIR, 'latest.json')} and latest.md`);
    }
    await Promise.all(removals);
    if (process.env.BENCH_KEEP === '1') log(`kept ${scratch}`);
    else removeScratch(scratch);
  }
  const failed = results.filter(r => !r.pass).length;
  log(
    failed
      ? `${failed} of ${results.length} scenarios missed their target`
      : 'all targets met',
  );
  const mismatched = results.filter(
    r => r.check.includes('MISMATCH') || r.check.includes('NOT FOUND'),
  );
  if (mismatched.length) {
    // The baseline no longer does what the API does: its numbers mean nothing.
    log(
      `check failed for: ${mismatched
        .map(r => `${r.scenario} (${r.database})`)
        .join(', ')}`,
    );
    process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${
      error instanceof Error ? error.stack ?? error.message : String(error)
    }\n`,
  );
  process.exit(1);
});
