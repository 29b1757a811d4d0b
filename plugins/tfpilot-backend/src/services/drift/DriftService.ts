import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  DriftResource,
  DriftState,
  ModuleRef,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { TfpilotRequestQuery } from '@tfpilot/backstage-plugin-tfpilot-node';
import { RequestIndex } from '../../database/RequestIndex';
import { executorRunInputOf, RequestService } from '../RequestService';
import { DriftBatch, DriftBatching, DriftBatchPlanner } from './batches';
import { DriftChecksStarted } from './driftRecords';

/** Skipped requests named in a sweep's log; the rest are counted. */
const LOGGED_SKIPS = 10;

/** Recorded as the actor of scheduled checks. */
export const DRIFT_SWEEP_ACTOR = 'system';

/** One applied request's drift, as `GET /drift` lists it. */
export interface DriftItem {
  requestId: string;
  module: ModuleRef;
  environment: string;
  entityRef: string;
  owner: string;
  /** `unknown` until the first check. */
  state: DriftState;
  lastCheckedAt?: string;
  /** The run of the latest check, and where to follow it. */
  runId?: string;
  runUrl?: string;
  resources: DriftResource[];
  /** Resources left out of `resources` (only when some were). */
  omittedResources?: number;
}

/** Filters of `GET /drift`; lists combine with OR, fields with AND. */
export interface DriftListFilter {
  entityRef?: string[];
  requestId?: string[];
  environment?: string[];
  state?: DriftState[];
}

/** Answer of `POST /drift/check`: how many requests are being checked, by which runs. */
export interface DriftCheckAccepted {
  requests: number;
  runs: { runId: string; url?: string }[];
}

/** What one sweep did, for its log line and for tests. */
export interface DriftSweepSummary {
  /** Applied requests found. */
  requests: number;
  batches: number;
  /** Runs started, and the requests they check. */
  runs: number;
  started: number;
  /** Requests whose previous check was still under way. */
  inFlight: number;
  /** Requests that could not be checked (logged with the reason). */
  skipped: number;
}

export function toDriftItem(record: TfRequest): DriftItem {
  const drift = record.drift;
  const run = drift?.runId
    ? record.runs.find(r => r.runId === drift.runId)
    : undefined;
  return {
    requestId: record.id,
    module: record.module,
    environment: record.environment,
    entityRef: record.entityRef,
    owner: record.owner,
    state: drift?.state ?? 'unknown',
    ...(drift?.lastCheckedAt ? { lastCheckedAt: drift.lastCheckedAt } : {}),
    ...(drift?.runId ? { runId: drift.runId } : {}),
    ...(run?.url ? { runUrl: run.url } : {}),
    resources: drift?.resources ?? [],
    ...(drift?.omittedResources
      ? { omittedResources: drift.omittedResources }
      : {}),
  };
}

/** The runs and request count of one or more starts. */
function accepted(outcomes: readonly DriftChecksStarted[]): DriftCheckAccepted {
  const runs = outcomes.flatMap(o => [...o.started, ...o.inFlight]);
  const seen = new Set<string>();
  return {
    requests: runs.reduce((sum, run) => sum + run.requestIds.length, 0),
    runs: runs
      .filter(run => !seen.has(run.runId) && seen.add(run.runId))
      .map(run => ({ runId: run.runId, ...(run.url ? { url: run.url } : {}) })),
  };
}

/**
 * Drift detection: the nightly sweep over every applied request, checks on
 * demand for one request or one entity, and the drift list. Groups requests
 * into batches the executor can run together and leaves the lifecycle
 * (locks, revisions, events) to {@link RequestService}.
 */
export class DriftService {
  readonly #requests: RequestService;
  readonly #index: RequestIndex;
  readonly #batching: DriftBatching;
  readonly #logger: LoggerService;

  constructor(options: {
    requests: RequestService;
    index: RequestIndex;
    executor: DriftBatching;
    logger: LoggerService;
  }) {
    this.#requests = options.requests;
    this.#index = options.index;
    this.#batching = options.executor;
    this.#logger = options.logger;
  }

  /** Checks every applied request: one run per batch; logs a summary. */
  async sweep(): Promise<DriftSweepSummary> {
    const { batches, requests } = await this.#plan();
    const outcomes = await this.#start(batches, DRIFT_SWEEP_ACTOR);
    const summary: DriftSweepSummary = {
      requests,
      batches: batches.length,
      runs: outcomes.reduce((n, o) => n + o.started.length, 0),
      started: count(outcomes, o => o.started),
      inFlight: count(outcomes, o => o.inFlight),
      skipped: outcomes.reduce((n, o) => n + o.skipped.length, 0),
    };
    this.#logger.info(
      `Drift sweep: ${summary.requests} applied request(s) in ${summary.batches} batch(es); started ${summary.runs} run(s) checking ${summary.started} request(s); ${summary.inFlight} still being checked; ${summary.skipped} skipped`,
    );
    const skipped = outcomes.flatMap(o => o.skipped);
    if (skipped.length > 0) {
      const shown = skipped
        .slice(0, LOGGED_SKIPS)
        .map(s => `${s.requestId}: ${s.reason}`);
      const more = skipped.length - shown.length;
      this.#logger.warn(
        `Drift sweep skipped ${skipped.length} request(s): ${shown.join('; ')}${
          more > 0 ? `; and ${more} more` : ''
        }`,
      );
    }
    return summary;
  }

  /** Checks one applied request now; 404 when unknown, 409 when not applied. */
  async checkRequest(id: string, actor: string): Promise<DriftCheckAccepted> {
    const current = await this.#requests.get(id);
    if (current.status !== 'applied') {
      throw new ConflictError(
        `Cannot check request ${id} for drift: only applied requests are checked (current state: ${current.status})`,
      );
    }
    const outcome = await this.#requests.startDriftChecks([id], actor);
    const [skipped] = outcome.skipped;
    if (skipped) {
      throw new ConflictError(
        `Cannot check request ${id} for drift: ${skipped.reason}`,
      );
    }
    return accepted([outcome]);
  }

  /**
   * Checks every applied request of an entity now, batched like the sweep.
   * An entity without applied requests is nothing to check (0 requests);
   * 409 only when there were some and none could be checked.
   */
  async checkEntity(
    entityRef: string,
    actor: string,
  ): Promise<DriftCheckAccepted> {
    const { batches } = await this.#plan(entityRef);
    const outcomes = await this.#start(batches, actor);
    const result = accepted(outcomes);
    const skipped = outcomes.flatMap(o => o.skipped);
    if (result.requests === 0 && skipped.length > 0) {
      throw new ConflictError(
        `Cannot check ${entityRef} for drift: ${skipped
          .map(s => `${s.requestId}: ${s.reason}`)
          .join('; ')}`,
      );
    }
    return result;
  }

  /** Applied requests with their drift, newest first; `permission` narrows them. */
  async list(options: {
    filter: DriftListFilter;
    permission?: PermissionCriteria<TfpilotRequestQuery>;
    cursor?: string;
    limit: number;
  }): Promise<{ items: DriftItem[]; nextCursor?: string }> {
    const { filter } = options;
    const page = await this.#index.listRequests({
      filter: {
        status: ['applied'],
        entityRef: filter.entityRef,
        id: filter.requestId,
        environment: filter.environment,
        driftState: filter.state,
      },
      permission: options.permission,
      cursor: options.cursor,
      limit: options.limit,
    });
    return {
      items: page.items.map(toDriftItem),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /** The batches of every applied request (of one entity, when given). */
  async #plan(
    entityRef?: string,
  ): Promise<{ batches: DriftBatch[]; requests: number }> {
    const planner = new DriftBatchPlanner(this.#batching);
    let requests = 0;
    const applied = this.#index.requestsInStatus(
      'applied',
      entityRef ? { entityRef } : {},
    );
    for await (const record of applied) {
      planner.add(executorRunInputOf(record));
      requests++;
    }
    return { batches: planner.batches(), requests };
  }

  /** Starts each batch in turn; a batch that fails is logged and the rest go on. */
  async #start(
    batches: readonly DriftBatch[],
    actor: string,
  ): Promise<DriftChecksStarted[]> {
    const outcomes: DriftChecksStarted[] = [];
    for (const batch of batches) {
      try {
        outcomes.push(
          await this.#requests.startDriftChecks(batch.requestIds, actor),
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.#logger.error(
          `Could not start the drift checks of ${batch.requestIds.length} request(s) in ${batch.environment}: ${reason}`,
        );
        outcomes.push({
          started: [],
          inFlight: [],
          skipped: batch.requestIds.map(requestId => ({ requestId, reason })),
        });
      }
    }
    return outcomes;
  }
}

function count(
  outcomes: readonly DriftChecksStarted[],
  runsOf: (o: DriftChecksStarted) => DriftChecksStarted['started'],
): number {
  return outcomes.reduce(
    (sum, o) =>
      sum + runsOf(o).reduce((n, run) => n + run.requestIds.length, 0),
    0,
  );
}
