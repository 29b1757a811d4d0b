import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  DriftState,
  LifecycleEvent,
  RequestState,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { TfpilotRequestQuery } from '@tfpilot/backstage-plugin-tfpilot-node';
import { Knex } from 'knex';
import { decodeCursor, encodeCursor } from './cursor';

const REQUESTS = 'tfpilot_requests';
const EVENTS = 'tfpilot_events';

/** Filters of GET /requests (and GET /drift); each is an exact match. */
export interface RequestListFilter {
  status?: RequestState[];
  environment?: string[];
  module?: string[];
  owner?: string[];
  entityRef?: string[];
  id?: string[];
  /** `unknown` also matches requests never checked. */
  driftState?: DriftState[];
}

/** Filters of GET /logs. */
export interface EventListFilter {
  requestId?: string;
  type?: string[];
  actor?: string;
  since?: string;
  until?: string;
}

/** Options of a page of GET /requests. */
export interface RequestListOptions {
  filter: RequestListFilter;
  /** What the caller may read, from a conditional permission decision. */
  permission?: PermissionCriteria<TfpilotRequestQuery>;
  cursor?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. Absent on the last page. */
  nextCursor?: string;
}

type RequestRow = { id: string; created_at: string; record: string };
type EventRow = {
  request_id: string;
  seq: number;
  type: string;
  from_state: string | null;
  to_state: string;
  actor: string;
  run_id: string | null;
  at: string;
  details: string;
};

function applyCriteria(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<TfpilotRequestQuery>,
): void {
  const column = {
    owner: 'owner',
    environment: 'environment',
    status: 'status',
  };
  if ('allOf' in criteria) {
    query.where(q => {
      for (const c of criteria.allOf) q.andWhere(sub => applyCriteria(sub, c));
    });
  } else if ('anyOf' in criteria) {
    query.where(q => {
      for (const c of criteria.anyOf) q.orWhere(sub => applyCriteria(sub, c));
    });
  } else if ('not' in criteria) {
    query.whereNot(q => applyCriteria(q, criteria.not));
  } else if (criteria.property === 'owner') {
    // Entity refs compare case-insensitively; owners are stored lower-cased.
    query.whereIn(column.owner, criteria.values);
  } else {
    query.whereIn(column[criteria.property], criteria.values);
  }
}

function whereDriftState(
  query: Knex.QueryBuilder,
  states: readonly DriftState[],
): void {
  query.where(q => {
    q.whereIn('drift_state', states);
    // Never checked reads as unknown.
    if (states.includes('unknown')) q.orWhereNull('drift_state');
  });
}

/**
 * The query index on Backstage's database (SQLite or PostgreSQL). Every write
 * is idempotent: requests by (id, revision), events by (id, seq).
 */
export class RequestIndex {
  readonly #db: Knex;

  private constructor(db: Knex) {
    this.#db = db;
  }

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<RequestIndex> {
    const db = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@tfpilot/backstage-plugin-tfpilot-backend',
          'migrations',
        ),
        tableName: 'tfpilot_knex_migrations',
      });
    }
    if (db.client.config.client === 'better-sqlite3') {
      // Write-ahead logging: readers do not wait for writers, and a commit
      // is one sequential append instead of a rollback journal per insert.
      await db.raw('PRAGMA journal_mode = WAL');
      await db.raw('PRAGMA synchronous = NORMAL');
    }
    return new RequestIndex(db);
  }

  /** Records a revision; an older or equal revision never overwrites a newer one. */
  async putRequest(record: TfRequest): Promise<void> {
    const row = toRequestRow(record);
    const { id: _id, created_at: _createdAt, ...updatable } = row;
    await this.#db(REQUESTS)
      .insert(row)
      .onConflict('id')
      .merge(Object.keys(updatable))
      .where(`${REQUESTS}.revision`, '<', record.revision);
  }

  /** Requests with a run still in flight, oldest change first (for the reconciler). */
  async requestsWithRunningRuns(limit = 1000): Promise<TfRequest[]> {
    const rows = await this.#db<RequestRow>(REQUESTS)
      .select('record')
      .where('running_runs', '>', 0)
      .orderBy('updated_at', 'asc')
      .limit(limit);
    return rows.map(row => fromIndex(row.record));
  }

  /**
   * Every request in `status` (of one entity, when given), in id order,
   * read a page at a time: the drift sweep walks all applied requests.
   */
  async *requestsInStatus(
    status: RequestState,
    filter: { entityRef?: string } = {},
    pageSize = 500,
  ): AsyncGenerator<TfRequest> {
    let after = '';
    for (;;) {
      const query = this.#db<RequestRow>(REQUESTS)
        .select('id', 'record')
        .where('status', status)
        .andWhere('id', '>', after);
      if (filter.entityRef) {
        query.andWhere(
          'entity_ref',
          filter.entityRef.toLocaleLowerCase('en-US'),
        );
      }
      const rows = await query.orderBy('id', 'asc').limit(pageSize);
      for (const row of rows) yield fromIndex(row.record);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].id;
    }
  }

  async putEvent(event: LifecycleEvent): Promise<void> {
    await this.#db(EVENTS)
      .insert(toEventRow(event))
      .onConflict(['request_id', 'seq'])
      .ignore();
  }

  async getRequest(id: string): Promise<TfRequest | undefined> {
    const row = await this.#db<RequestRow>(REQUESTS)
      .where({ id })
      .first('record');
    return row ? fromIndex(row.record) : undefined;
  }

  async getRequests(ids: string[]): Promise<Map<string, TfRequest>> {
    const rows = await this.#db<RequestRow>(REQUESTS)
      .whereIn('id', ids)
      .select('id', 'record');
    return new Map(rows.map(r => [r.id, fromIndex(r.record)]));
  }

  /** Newest first; `permission` narrows to what the caller may read. */
  async listRequests(options: RequestListOptions): Promise<Page<TfRequest>> {
    const { rows, nextCursor } = await this.#requestRows(options);
    return { items: rows.map(r => fromIndex(r.record)), nextCursor };
  }

  /**
   * The same page as {@link RequestIndex.listRequests}, as the JSON text of
   * the HTTP answer: stored records are spliced in as they are, without
   * parsing and re-serialising fifty of them per call.
   */
  async listRequestsJson(options: RequestListOptions): Promise<string> {
    const { rows, nextCursor } = await this.#requestRows(options);
    const cursor = nextCursor
      ? `,"nextCursor":${JSON.stringify(nextCursor)}`
      : '';
    return `{"items":[${rows.map(r => r.record).join(',')}]${cursor}}`;
  }

  async #requestRows(
    options: RequestListOptions,
  ): Promise<{ rows: RequestRow[]; nextCursor?: string }> {
    const { filter, permission, limit } = options;
    const query = this.#db<RequestRow>(REQUESTS).select(
      'id',
      'created_at',
      'record',
    );
    const exact: [keyof RequestListFilter, string, boolean][] = [
      ['status', 'status', false],
      ['environment', 'environment', false],
      ['module', 'module_name', false],
      ['owner', 'owner', true],
      ['entityRef', 'entity_ref', true],
      ['id', 'id', false],
    ];
    for (const [key, column, caseInsensitive] of exact) {
      const values = filter[key];
      if (values?.length) {
        query.whereIn(
          column,
          caseInsensitive
            ? values.map(v => v.toLocaleLowerCase('en-US'))
            : values,
        );
      }
    }
    if (filter.driftState?.length) whereDriftState(query, filter.driftState);
    if (permission) applyCriteria(query, permission);
    if (options.cursor) {
      const [createdAt, id] = decodeCursor(options.cursor, 2);
      // A row-value comparison lets both databases seek the index to the cursor.
      query.whereRaw('(created_at, id) < (?, ?)', [createdAt, id]);
    }
    const rows: RequestRow[] = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    const last = rows[limit - 1];
    return {
      rows: rows.slice(0, limit),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor([last.created_at, last.id])
          : undefined,
    };
  }

  /** Oldest first: the log reads like a story. */
  async listEvents(options: {
    filter: EventListFilter;
    cursor?: string;
    limit: number;
  }): Promise<Page<LifecycleEvent>> {
    const { filter, limit } = options;
    const query = this.#db<EventRow>(EVENTS).select('*');
    if (filter.requestId) query.where('request_id', filter.requestId);
    if (filter.type?.length) query.whereIn('type', filter.type);
    if (filter.actor) query.where('actor', filter.actor);
    if (filter.since) query.where('at', '>=', filter.since);
    if (filter.until) query.where('at', '<', filter.until);
    if (options.cursor) {
      const [at, requestId, seq] = decodeCursor(options.cursor, 3);
      const seqNumber = Number(seq);
      if (!Number.isSafeInteger(seqNumber))
        throw new InputError('cursor: malformed');
      query.whereRaw('(at, request_id, seq) > (?, ?, ?)', [
        at,
        requestId,
        seqNumber,
      ]);
    }
    const rows = await query
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'request_id', order: 'asc' },
        { column: 'seq', order: 'asc' },
      ])
      .limit(limit + 1);
    const items = rows.slice(0, limit).map(toEvent);
    const last = rows[limit - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last
          ? encodeCursor([last.at, last.request_id, String(last.seq)])
          : undefined,
    };
  }

  /** Raw material of GET /metrics: one index-only aggregate over requests. */
  async metricsRows(): Promise<MetricsRow[]> {
    const rows = await this.#db(REQUESTS)
      .select('environment', 'module_name', 'status')
      .count({ count: '*' })
      .sum({ apply_ms: 'apply_duration_ms' })
      .count({ applies: 'apply_duration_ms' })
      .sum({ successes: 'apply_successes' })
      .sum({ failures: 'apply_failures' })
      .groupBy('environment', 'module_name', 'status');
    return (rows as Array<Record<string, unknown>>).map(r => ({
      environment: String(r.environment),
      module: String(r.module_name),
      status: String(r.status) as RequestState,
      count: Number(r.count),
      applyMsSum: Number(r.apply_ms ?? 0),
      appliesTimed: Number(r.applies),
      applySuccesses: Number(r.successes ?? 0),
      applyFailures: Number(r.failures ?? 0),
    }));
  }
}

export interface MetricsRow {
  environment: string;
  module: string;
  status: RequestState;
  count: number;
  applyMsSum: number;
  appliesTimed: number;
  applySuccesses: number;
  applyFailures: number;
}

/** The index row of a request revision. */
export function toRequestRow(record: TfRequest) {
  const applies = applyFigures(record);
  return {
    id: record.id,
    revision: record.revision,
    status: record.status,
    environment: record.environment,
    module_name: record.module.name,
    module_version: record.module.version,
    entity_ref: record.entityRef.toLocaleLowerCase('en-US'),
    owner: record.owner.toLocaleLowerCase('en-US'),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    record: JSON.stringify(record),
    apply_duration_ms: applies.lastDurationMs ?? null,
    apply_successes: applies.successes,
    apply_failures: applies.failures,
    running_runs: record.runs.filter(run => run.status === 'running').length,
    drift_state: record.drift?.state ?? null,
  };
}

/** The index row of a lifecycle event. */
export function toEventRow(event: LifecycleEvent) {
  return {
    request_id: event.requestId,
    seq: event.seq,
    type: event.type,
    from_state: event.from,
    to_state: event.to,
    actor: event.actor,
    run_id: event.runId ?? null,
    at: event.at,
    details: JSON.stringify(event.details),
  };
}

/** Apply figures of one request, from its run history. */
export function applyFigures(record: TfRequest): {
  successes: number;
  failures: number;
  lastDurationMs?: number;
} {
  const applies = record.runs.filter(r => r.operation === 'apply');
  const lastSuccess = applies
    .filter(r => r.status === 'succeeded' && r.finishedAt)
    .pop();
  return {
    successes: applies.filter(r => r.status === 'succeeded').length,
    failures: applies.filter(r => r.status === 'failed').length,
    lastDurationMs: lastSuccess?.finishedAt
      ? Date.parse(lastSuccess.finishedAt) - Date.parse(lastSuccess.startedAt)
      : undefined,
  };
}

/**
 * Rows hold records this service validated before writing them (upgraded to
 * the current apiVersion), so reads skip re-validation: on a page of 50 it
 * was most of the time of GET /requests.
 */
function fromIndex(json: string): TfRequest {
  return JSON.parse(json) as TfRequest;
}

function toEvent(row: EventRow): LifecycleEvent {
  return {
    requestId: row.request_id,
    seq: Number(row.seq),
    type: row.type as LifecycleEvent['type'],
    from: row.from_state as LifecycleEvent['from'],
    to: row.to_state as LifecycleEvent['to'],
    actor: row.actor,
    ...(row.run_id ? { runId: row.run_id } : {}),
    at: row.at,
    details: JSON.parse(row.details),
  };
}
