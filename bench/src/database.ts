/**
 * The bench databases: where they live, how the backend is pointed at them,
 * migrations (the plugin's own), seeding, and the bare queries the API runs.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { requestRecordSchema } from '@tfpilot/backstage-plugin-tfpilot-common';
import { knex, Knex } from 'knex';
import {
  createRandom,
  eventRow,
  indexedEvents,
  makeRequest,
  requestRow,
  Row,
} from './records';

export type DatabaseKind = 'sqlite' | 'postgres';

export const REQUESTS = 'tfpilot_requests';
export const EVENTS = 'tfpilot_events';
/** The PostgreSQL database the bench creates and gives the plugin. */
export const PG_DATABASE = 'tfpilot_bench';

export interface BenchDatabase {
  kind: DatabaseKind;
  /** SQLite only: the plugin's database file. */
  filename?: string;
  /** `backend.database` for app-config. */
  backendConfig: Record<string, unknown>;
  /** A knex client configured as Backstage configures the plugin's. */
  connect(): Knex;
  /** Where the data lives, for the report. */
  describe: string;
}

/**
 * SQLite: with `connection.directory`, Backstage's Sqlite3Connector opens
 * `<directory>/<pluginId>.sqlite` for each plugin (checked at start-up by
 * comparing GET /metrics with the seeded count).
 */
export function sqliteDatabase(directory: string): BenchDatabase {
  const filename = join(directory, 'tfpilot.sqlite');
  return {
    kind: 'sqlite',
    filename,
    describe: filename,
    backendConfig: { client: 'better-sqlite3', connection: { directory } },
    connect() {
      mkdirSync(dirname(filename), { recursive: true });
      const db = knex({
        client: 'better-sqlite3',
        connection: { filename },
        useNullAsDefault: true,
      });
      return db;
    },
  };
}

/**
 * PostgreSQL: the plugin's connection names the bench database explicitly
 * (`backend.database.plugin.tfpilot.connection.database`); otherwise
 * Backstage would use `backstage_plugin_tfpilot` (prefix + plugin id).
 */
export function postgresDatabase(url: string): BenchDatabase {
  const parsed = new URL(url);
  const connection = {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
  return {
    kind: 'postgres',
    describe: `postgresql://${connection.host}:${connection.port}/${PG_DATABASE}`,
    backendConfig: {
      client: 'pg',
      connection,
      plugin: { tfpilot: { connection: { database: PG_DATABASE } } },
    },
    connect() {
      return knex({
        client: 'pg',
        connection: { ...connection, database: PG_DATABASE },
        useNullAsDefault: true,
      });
    },
  };
}

/** Drops and re-creates the bench database (PostgreSQL) so every run starts equal. */
export async function recreatePostgresDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  const admin = knex({
    client: 'pg',
    connection: {
      host: parsed.hostname,
      port: Number(parsed.port || 5432),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database: 'postgres',
    },
    pool: { min: 0, max: 1 },
  });
  try {
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [PG_DATABASE]);
    await admin.raw('CREATE DATABASE ??', [PG_DATABASE]);
  } finally {
    await admin.destroy();
  }
}

/** The plugin's own knex migrations, exactly as RequestIndex.create runs them. */
export async function migrate(db: Knex): Promise<void> {
  const pluginDir = dirname(
    require.resolve('@tfpilot/backstage-plugin-tfpilot-backend/package.json'),
  );
  await db.migrate.latest({
    directory: join(pluginDir, 'migrations'),
    tableName: 'tfpilot_knex_migrations',
  });
}

/** The rows to seed, generated once and loaded into every database. */
export interface SeedData {
  requests: Row[];
  events: Row[];
  averageRecordBytes: number;
  generateSeconds: number;
}

export interface SeedResult {
  requests: number;
  events: number;
  /** Time to build the records (once per run, shared by the databases). */
  generateSeconds: number;
  /** Time to insert them into this database. */
  seconds: number;
  averageRecordBytes: number;
}

/** `count` requests created over the past year, the newest just before `nowMs`. */
export function generateSeed(count: number, nowMs: number): SeedData {
  const started = performance.now();
  const random = createRandom(20261122);
  const yearMs = 365 * 24 * 3600 * 1000;
  const first = nowMs - yearMs;
  const requests: Row[] = [];
  const events: Row[] = [];
  let recordBytes = 0;
  for (let n = 0; n < count; n++) {
    const createdAtMs =
      first + Math.floor((n * yearMs) / count) + Math.floor(random() * 1000);
    const request = makeRequest(random, createdAtMs);
    // The API trusts what the index holds: check the generator against the
    // record schema on a sample (every state appears many times in it).
    if (n % 50 === 0) requestRecordSchema.parse(request.record);
    const row = requestRow(request);
    recordBytes += String(row.record).length;
    requests.push(row);
    for (const event of indexedEvents(request)) events.push(eventRow(event));
  }
  return {
    requests,
    events,
    averageRecordBytes: Math.round(recordBytes / Math.max(count, 1)),
    generateSeconds: (performance.now() - started) / 1000,
  };
}

function seedResult(data: SeedData, started: number): SeedResult {
  return {
    requests: data.requests.length,
    events: data.events.length,
    generateSeconds: data.generateSeconds,
    seconds: (performance.now() - started) / 1000,
    averageRecordBytes: data.averageRecordBytes,
  };
}

/**
 * SQLite: prepared statements in one transaction on a connection of our own
 * (knex would send each batch as one `select ... union all` statement, which
 * SQLite parses slowly). The file is closed before the backend opens it.
 */
export function seedSqlite(filename: string, data: SeedData): SeedResult {
  const started = performance.now();
  const sqlite = new Database(filename);
  try {
    const insertAll = (table: string, rows: Row[]) => {
      if (!rows.length) return;
      const columns = Object.keys(rows[0]);
      const statement = sqlite.prepare(
        `insert into ${table} (${columns.join(', ')}) values (${columns
          .map(c => `@${c}`)
          .join(', ')})`,
      );
      for (const row of rows) statement.run(row);
    };
    sqlite.transaction(() => {
      insertAll(REQUESTS, data.requests);
      insertAll(EVENTS, data.events);
    })();
  } finally {
    sqlite.close();
  }
  return seedResult(data, started);
}

/** PostgreSQL: multi-row inserts of 1,000 rows, all in one transaction. */
export async function seedPostgres(
  db: Knex,
  data: SeedData,
): Promise<SeedResult> {
  const started = performance.now();
  const batch = 1000;
  await db.transaction(async trx => {
    for (let i = 0; i < data.requests.length; i += batch) {
      await trx(REQUESTS).insert(data.requests.slice(i, i + batch));
    }
    for (let i = 0; i < data.events.length; i += batch) {
      await trx(EVENTS).insert(data.events.slice(i, i + batch));
    }
  });
  return seedResult(data, started);
}

/** Filters of GET /requests, as the router hands them to RequestIndex. */
export interface ListFilter {
  status?: string[];
  environment?: string[];
  module?: string[];
  owner?: string[];
  entityRef?: string[];
}

/**
 * The SQL of RequestIndex.listRequests, built the same way: the same columns,
 * the same `in` filters in the same order, the same keyset condition for a
 * cursor, newest first, one row more than the page. Keep in step with
 * RequestIndex; the harness checks that both return the same page.
 */
export function listRequestsQuery(
  db: Knex,
  filter: ListFilter,
  limit: number,
  after?: { createdAt: string; id: string },
): Knex.QueryBuilder {
  const query = db(REQUESTS).select('id', 'created_at', 'record');
  const columns: [keyof ListFilter, string, boolean][] = [
    ['status', 'status', false],
    ['environment', 'environment', false],
    ['module', 'module_name', false],
    ['owner', 'owner', true],
    ['entityRef', 'entity_ref', true],
  ];
  for (const [key, column, lower] of columns) {
    const values = filter[key];
    if (values?.length) {
      query.whereIn(
        column,
        lower ? values.map(v => v.toLocaleLowerCase('en-US')) : values,
      );
    }
  }
  if (after) {
    // Row-value keyset, as RequestIndex writes it.
    query.whereRaw('(created_at, id) < (?, ?)', [after.createdAt, after.id]);
  }
  return query
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit + 1);
}

/** The aggregate of GET /metrics (RequestIndex.metricsRows). */
export function metricsQueries(db: Knex): Knex.QueryBuilder[] {
  return [
    db(REQUESTS)
      .select('environment', 'module_name', 'status')
      .count({ count: '*' })
      .sum({ apply_ms: 'apply_duration_ms' })
      .count({ applies: 'apply_duration_ms' })
      .sum({ successes: 'apply_successes' })
      .sum({ failures: 'apply_failures' })
      .groupBy('environment', 'module_name', 'status'),
  ];
}

/** The query plan of a query, as text lines, for the report. */
export async function explain(
  db: Knex,
  kind: DatabaseKind,
  query: Knex.QueryBuilder,
): Promise<string[]> {
  const { sql, bindings } = query.toSQL();
  if (kind === 'sqlite') {
    const rows: Array<{ id: number; parent: number; detail: string }> =
      await db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as Knex.RawBinding[]);
    const depth = new Map<number, number>([[0, 0]]);
    return rows.map(r => {
      const d = (depth.get(r.parent) ?? 0) + 1;
      depth.set(r.id, d);
      return `${'  '.repeat(d - 1)}${r.detail}`;
    });
  }
  const result: { rows: Array<Record<string, string>> } = await db.raw(
    `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
    bindings as Knex.RawBinding[],
  );
  return result.rows.map(r => r['QUERY PLAN']);
}

/** Row counts, to check the backend sees what was seeded. */
export async function countRows(
  db: Knex,
): Promise<{ requests: number; events: number }> {
  const [r] = await db(REQUESTS).count({ n: '*' });
  const [e] = await db(EVENTS).count({ n: '*' });
  return { requests: Number(r.n), events: Number(e.n) };
}
