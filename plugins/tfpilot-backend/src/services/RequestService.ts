import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  checkTransition,
  createRequestBodySchema,
  describeIssues,
  blockingPolicyResults,
  DriftState,
  EVENT_TARGET_STATE,
  EventType,
  isRequestId,
  isStatelessEvent,
  LifecycleEvent,
  newRequestId,
  parseRequestRecord,
  PolicyResult,
  REQUEST_API_VERSION,
  requestRecordSchema,
  RequestRun,
  TfRequest,
  toStoredDrift,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  ExecutorOperation,
  ExecutorRunHandle,
  ExecutorRunInput,
  ExecutorWebhookDelivery,
  ExecutorWebhookOutcome,
  InFlightRun,
  PolicyEngine,
  RunEventSink,
  RunResult,
  TfpilotExecutor,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { RequestIndex } from '../database/RequestIndex';
import { ObjectStore } from '../storage/ObjectStore';
import {
  ARTIFACT_NAMES,
  artifactKey,
  eventKey,
  parseRequestRevisionKey,
  REQUESTS_PREFIX,
  requestRevisionKey,
} from '../storage/keys';
import {
  addToRun,
  driftCheckDetails,
  DriftChecksStarted,
  withRecentDriftRuns,
} from './drift/driftRecords';
import { Environments } from './environments';
import { ingestArtifacts, IngestedArtifacts } from './ingestArtifacts';
import { KeyedMutex } from './KeyedMutex';

/** Transitions a person (or a service on their behalf) asks for. */
export const REQUEST_ACTIONS = [
  'plan',
  'approve',
  'apply',
  'destroy',
  'cancel',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

const ACTION_EVENT: Record<RequestAction, EventType> = {
  plan: 'plan_requested',
  approve: 'approved',
  apply: 'apply_requested',
  destroy: 'destroy_requested',
  cancel: 'cancelled',
};

const ACTION_OPERATION: Partial<Record<RequestAction, ExecutorOperation>> = {
  plan: 'plan',
  apply: 'apply',
  destroy: 'destroy',
};

/** Event type of a finished run, by operation and outcome. */
const RUN_OUTCOME_EVENT: Record<
  ExecutorOperation,
  { succeeded: EventType; failed: EventType }
> = {
  plan: { succeeded: 'planned', failed: 'plan_failed' },
  apply: { succeeded: 'applied', failed: 'apply_failed' },
  destroy: { succeeded: 'destroyed', failed: 'destroy_failed' },
  driftCheck: { succeeded: 'drift_checked', failed: 'drift_checked' },
  cleanup: { succeeded: 'cleaned_up', failed: 'cleanup_failed' },
};

/** Said on runs still in flight when their request is cancelled. */
const CANCELLED_RUN_MESSAGE = 'request cancelled while the run was in progress';

/** A drift check's outcome: any change or drift in its plan means drifted. */
function driftStateOf(
  status: 'succeeded' | 'failed',
  ingested: IngestedArtifacts,
): DriftState {
  if (status === 'failed') return 'check_failed';
  const summary = ingested.plan?.summary;
  if (!summary || summary.errored) return 'unknown';
  const { create, update, delete: deletes, replace, forget } = summary.counts;
  const changes = create + update + deletes + replace + forget;
  return changes > 0 || summary.drift.length > 0 ? 'drifted' : 'in_sync';
}

/** What an executor is told about a request to start a run for it. */
export function executorRunInputOf(current: TfRequest): ExecutorRunInput {
  return {
    requestId: current.id,
    revision: current.revision + 1,
    environment: current.environment,
    module: current.module,
    inputs: current.inputs,
    runs: current.runs,
    ...(current.pullRequest ? { pullRequest: current.pullRequest } : {}),
  };
}

const reasonOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** Told about each committed revision; see {@link RequestService.onRevision}. */
export type RevisionListener = (record: TfRequest) => void | Promise<void>;

/** Where to promote and what changes on the way. */
export interface PromotionOptions {
  /** Must be the next environment when given; defaults to it. */
  environment?: string;
  /** Inputs replaced in the promoted request (e.g. a bigger instance in prod). */
  overrides?: Record<string, unknown>;
}

/** Drift states a promotion accepts: nothing known to differ from the code. */
const PROMOTABLE_DRIFT: readonly DriftState[] = ['in_sync'];

export interface TransitionOptions {
  /** Refuse with 409 unless the request is still at this revision. */
  expectedRevision?: number;
  /** Free-text reason kept in the event (e.g. why it was cancelled). */
  comment?: string;
  /**
   * Approve despite blocking post-plan findings. The caller checks that the
   * actor may (tfpilot.admin); the bypass is kept in the request.
   */
  bypassPolicy?: boolean;
}

/** One line per finding, for refusals: `[rule] message (target)`. */
function describeFindings(results: readonly PolicyResult[]): string {
  return results
    .map(r => `[${r.ruleId}] ${r.message}${r.target ? ` (${r.target})` : ''}`)
    .join('; ');
}

function requireRequestId(id: string): string {
  if (!isRequestId(id))
    throw new NotFoundError(`No request with id ${JSON.stringify(id)}`);
  return id;
}

/**
 * The lifecycle engine. Each change is a new revision carrying the event that
 * made it; the revision is written to the object store first (the commit
 * point, refused on conflict), then its event and the index.
 */
export class RequestService {
  readonly #store: ObjectStore;
  readonly #index: RequestIndex;
  readonly #executor: TfpilotExecutor;
  readonly #environments: Environments;
  readonly #policies: PolicyEngine;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #locks = new KeyedMutex();
  readonly #listeners: RevisionListener[] = [];

  constructor(options: {
    store: ObjectStore;
    index: RequestIndex;
    executor: TfpilotExecutor;
    environments: Environments;
    policies: PolicyEngine;
    logger: LoggerService;
    now?: () => Date;
  }) {
    this.#policies = options.policies;
    this.#store = options.store;
    this.#index = options.index;
    this.#executor = options.executor;
    this.#environments = options.environments;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
  }

  async create(
    body: unknown,
    actor: string,
    extra: { promotedFrom?: string } = {},
  ): Promise<TfRequest> {
    const parsed = createRequestBodySchema.safeParse(body);
    if (!parsed.success) throw new InputError(describeIssues(parsed.error));
    const input = parsed.data;
    this.#requireEnvironment(input.environment);
    const prePlan = await this.#policies.evaluatePrePlan({
      request: { ...input, owner: actor },
      environment: this.#environments.get(input.environment),
    });
    const at = this.#now().toISOString();
    const id = newRequestId(this.#now().getTime());
    const record: TfRequest = {
      apiVersion: REQUEST_API_VERSION,
      id,
      module: input.module,
      environment: input.environment,
      inputs: input.inputs,
      entityRef: input.entityRef,
      owner: actor,
      ...(input.templateRef ? { templateRef: input.templateRef } : {}),
      ...(extra.promotedFrom ? { promotedFrom: extra.promotedFrom } : {}),
      revision: 1,
      status: 'submitted',
      createdAt: at,
      updatedAt: at,
      runs: [],
      policy: { prePlan },
      event: {
        requestId: id,
        seq: 1,
        type: 'submitted',
        from: null,
        to: 'submitted',
        actor,
        at,
        details: extra.promotedFrom ? { promotedFrom: extra.promotedFrom } : {},
      },
    };
    await this.#commit(record);
    const blocking = blockingPolicyResults(record.policy);
    if (blocking.length === 0) return record;
    // Every violation at once, so the requester fixes them in one go.
    const rejected = this.#nextRevision(record, {
      type: 'rejected',
      actor: 'system',
      details: {
        message: `${blocking.length} policy violation(s): ${describeFindings(
          blocking,
        )}`,
      },
      runs: [],
    });
    await this.#commit(rejected);
    return rejected;
  }

  /**
   * Calls `listener` after each committed revision (signals, notifications).
   * Listeners run after the commit and outside the request's lock; what they
   * throw is logged and never reaches the caller or undoes the revision.
   */
  onRevision(listener: RevisionListener): void {
    this.#listeners.push(listener);
  }

  async get(id: string): Promise<TfRequest> {
    const record = await this.#index.getRequest(requireRequestId(id));
    if (record) return record;
    // The index may lag the store after a crash between the two writes.
    return this.#loadLatest(id);
  }

  async transition(
    id: string,
    action: RequestAction,
    actor: string,
    options: TransitionOptions = {},
  ): Promise<TfRequest> {
    requireRequestId(id);
    const result = await this.#locks.run(id, async () => {
      const current = await this.#loadLatest(id);
      this.#checkRevision(current, options.expectedRevision);
      const type = ACTION_EVENT[action];
      const to = EVENT_TARGET_STATE[type as keyof typeof EVENT_TARGET_STATE];
      const check = checkTransition(current.status, to);
      if (!check.allowed) {
        throw new ConflictError(
          `Cannot ${action} request ${id}: ${check.reason} (current state: ${current.status})`,
        );
      }
      const bypass =
        action === 'approve'
          ? this.#checkApprovalPolicy(current, actor, options)
          : undefined;
      const operation = ACTION_OPERATION[action];
      const started = operation
        ? await this.#startRun(current, operation)
        : undefined;
      const runs =
        action === 'cancel' ? this.#endRunningRuns(current.runs) : current.runs;
      const next = this.#nextRevision(current, {
        type,
        actor,
        runId: started?.run.runId,
        details: options.comment ? { comment: options.comment } : {},
        runs: started ? [...runs, started.run] : runs,
      });
      const pullRequest = started?.pullRequest ?? current.pullRequest;
      let record = pullRequest ? { ...next, pullRequest } : next;
      if (bypass) {
        record = {
          ...record,
          policy: { prePlan: [], ...record.policy, bypass },
          event: {
            ...record.event,
            details: { ...record.event.details, policyBypassed: true },
          },
        };
      }
      await this.#commit(record);
      return record;
    });
    if (action === 'cancel') await this.#startCleanup(id);
    return result;
  }

  /** Copies an applied request into a later environment as a new request. */
  async promote(
    id: string,
    promotion: PromotionOptions,
    actor: string,
    options: TransitionOptions = {},
  ): Promise<TfRequest> {
    requireRequestId(id);
    return this.#locks.run(id, async () => {
      const source = await this.#loadLatest(id);
      this.#checkRevision(source, options.expectedRevision);
      if (source.status !== 'applied') {
        throw new ConflictError(
          `Cannot promote request ${id}: only applied requests can be promoted (current state: ${source.status})`,
        );
      }
      if (source.drift && !PROMOTABLE_DRIFT.includes(source.drift.state)) {
        throw new ConflictError(
          `Cannot promote request ${id}: its infrastructure is not in sync (drift: ${source.drift.state}); resolve the drift first`,
        );
      }
      const target = this.#requirePromotionTarget(
        source.environment,
        promotion.environment,
      );
      const promoted = await this.create(
        {
          module: source.module,
          environment: target,
          inputs: { ...source.inputs, ...promotion.overrides },
          entityRef: source.entityRef,
          ...(source.templateRef ? { templateRef: source.templateRef } : {}),
        },
        actor,
        { promotedFrom: source.id },
      );
      await this.#commit(
        this.#nextRevision(source, {
          type: 'promoted',
          actor,
          details: { promotedTo: promoted.id, environment: target },
          runs: source.runs,
        }),
      );
      return promoted;
    });
  }

  /** Where executors report runs; the same sink for every caller. */
  readonly events: RunEventSink = {
    runFinished: result => this.runFinished(result),
    runStatus: (requestId, runId) => this.runStatus(requestId, runId),
  };

  /**
   * Whether a run still waits for its result. Taken under the request's lock,
   * so a result that races the commit of its own start is not missed.
   */
  async runStatus(
    requestId: string,
    runId: string,
  ): Promise<'running' | 'finished' | 'unknown'> {
    if (!isRequestId(requestId)) return 'unknown';
    return this.#locks.run(requestId, async () => {
      let current: TfRequest;
      try {
        current = await this.#loadLatest(requestId);
      } catch (error) {
        if ((error as Error).name === 'NotFoundError') return 'unknown';
        throw error;
      }
      const run = current.runs.find(r => r.runId === runId);
      if (!run) return 'unknown';
      return run.status === 'running' ? 'running' : 'finished';
    });
  }

  /** Applies a finished run once; duplicates and stale results are ignored. */
  async runFinished(result: RunResult): Promise<void> {
    if (!isRequestId(result.requestId)) return;
    const recorded = await this.#locks.run(result.requestId, () =>
      this.#recordRunResult(result),
    );
    if (!recorded) return;
    // The pull-request comment shows the plan, which a drift check leaves as it was.
    if (result.operation !== 'driftCheck') await this.#publish(recorded);
    if (recorded.status === 'destroyed') await this.#startCleanup(recorded.id);
  }

  /**
   * Starts drift checks of applied requests of one environment: one run
   * through the executor's `driftCheckBatch` when it has one, else one run
   * per request. Each request checked gets a `drift_check_requested`
   * revision naming its run. A request whose check is under way is left
   * alone; one that is not applied, unknown, or whose run could not start
   * or be recorded is skipped with the reason. Holds every request's lock
   * from the start of the run to its record, so no result overtakes it.
   */
  async startDriftChecks(
    requestIds: readonly string[],
    actor: string,
  ): Promise<DriftChecksStarted> {
    const ids = [...new Set(requestIds)];
    const outcome: DriftChecksStarted = {
      started: [],
      inFlight: [],
      skipped: [],
    };
    return this.#locks.runAll(ids.filter(isRequestId), async () => {
      const due = await this.#dueForDriftCheck(ids, outcome);
      if (due.length === 0) return outcome;
      const runs = await this.#startDriftRuns(due, outcome);
      await this.#recordDriftRuns(due, runs, actor, outcome);
      return outcome;
    });
  }

  /** The requests to start a check for; the others are noted in `outcome`. */
  async #dueForDriftCheck(
    ids: readonly string[],
    outcome: DriftChecksStarted,
  ): Promise<TfRequest[]> {
    const due: TfRequest[] = [];
    for (const id of ids) {
      const current = await this.#loadIfExists(id);
      const running = current?.runs.find(
        r => r.operation === 'driftCheck' && r.status === 'running',
      );
      if (!current) {
        outcome.skipped.push({ requestId: id, reason: 'no such request' });
      } else if (current.status !== 'applied') {
        outcome.skipped.push({
          requestId: id,
          reason: `not applied (current state: ${current.status})`,
        });
      } else if (running) {
        addToRun(outcome.inFlight, running, id);
      } else {
        due.push(current);
      }
    }
    if (new Set(due.map(r => r.environment)).size > 1) {
      throw new InputError(
        'Drift checks started together share one environment',
      );
    }
    return due;
  }

  /** Starts the runs: one batch, or one per request; request id → its run. */
  async #startDriftRuns(
    due: readonly TfRequest[],
    outcome: DriftChecksStarted,
  ): Promise<Map<string, RequestRun>> {
    const startedAt = this.#now().toISOString();
    const runs = new Map<string, RequestRun>();
    const couldNotStart = (ids: string[], error: unknown) => {
      const reason = `the ${
        this.#executor.type
      } executor could not start the check: ${reasonOf(error)}`;
      for (const requestId of ids) outcome.skipped.push({ requestId, reason });
    };
    if (this.#executor.driftCheckBatch) {
      try {
        const handle = await this.#executor.driftCheckBatch(
          due[0].environment,
          due.map(executorRunInputOf),
          this.events,
        );
        const run = this.#runningRun(handle, 'driftCheck', startedAt);
        for (const current of due) runs.set(current.id, run);
      } catch (error) {
        couldNotStart(
          due.map(r => r.id),
          error,
        );
      }
      return runs;
    }
    for (const current of due) {
      try {
        const handle = await this.#executor.driftCheck(
          executorRunInputOf(current),
          this.events,
        );
        runs.set(current.id, this.#runningRun(handle, 'driftCheck', startedAt));
      } catch (error) {
        couldNotStart([current.id], error);
      }
    }
    return runs;
  }

  /** Commits a `drift_check_requested` revision for each request with a run. */
  async #recordDriftRuns(
    due: readonly TfRequest[],
    runs: ReadonlyMap<string, RequestRun>,
    actor: string,
    outcome: DriftChecksStarted,
  ): Promise<void> {
    const batchSizes = new Map<string, number>();
    for (const run of runs.values()) {
      batchSizes.set(run.runId, (batchSizes.get(run.runId) ?? 0) + 1);
    }
    for (const current of due) {
      const run = runs.get(current.id);
      if (!run) continue;
      const next = this.#nextRevision(current, {
        type: 'drift_check_requested',
        actor,
        runId: run.runId,
        details: { batchSize: batchSizes.get(run.runId) },
        runs: [...withRecentDriftRuns(current.runs), run],
      });
      try {
        await this.#commit(next);
        addToRun(outcome.started, run, current.id);
      } catch (error) {
        outcome.skipped.push({
          requestId: current.id,
          reason: reasonOf(error),
        });
      }
    }
  }

  async #loadIfExists(id: string): Promise<TfRequest | undefined> {
    if (!isRequestId(id)) return undefined;
    try {
      return await this.#loadLatest(id);
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return undefined;
      throw error;
    }
  }

  /** Hands a webhook delivery to the executor it is addressed to. */
  async receiveWebhook(
    executorType: string,
    delivery: ExecutorWebhookDelivery,
  ): Promise<ExecutorWebhookOutcome> {
    if (executorType !== this.#executor.type || !this.#executor.handleWebhook) {
      throw new NotFoundError(
        `No webhook receiver for ${JSON.stringify(
          executorType.slice(0, 64),
        )}: the configured executor is ${this.#executor.type}`,
      );
    }
    return this.#executor.handleWebhook(delivery, this.events);
  }

  /** Runs the engine still waits for, handed to the executor's reconciler. */
  async inFlightRuns(): Promise<InFlightRun[]> {
    const records = await this.#index.requestsWithRunningRuns();
    return records.flatMap(record =>
      record.runs
        .filter(
          run =>
            run.status === 'running' && run.executor === this.#executor.type,
        )
        .map(run => ({
          requestId: record.id,
          environment: record.environment,
          run,
        })),
    );
  }

  /** Asks the executor about runs whose results never arrived. */
  async reconcile(): Promise<{ inFlight: number }> {
    const runs = await this.inFlightRuns();
    if (runs.length > 0 && this.#executor.reconcile) {
      await this.#executor.reconcile(runs, this.events);
    }
    return { inFlight: runs.length };
  }

  async #recordRunResult(result: RunResult): Promise<TfRequest | undefined> {
    const current = await this.#loadLatest(result.requestId);
    const run = current.runs.find(r => r.runId === result.runId);
    if (
      !run ||
      run.status !== 'running' ||
      run.operation !== result.operation
    ) {
      this.#logger.info(
        `Ignoring result of run ${result.runId} for request ${current.id}: ${
          run ? 'already recorded' : 'not a run of this request'
        }`,
      );
      return undefined;
    }
    const ingested = await ingestArtifacts(run.runId, result.artifacts);
    let { status, message } = result;
    if (
      run.operation === 'plan' &&
      status === 'succeeded' &&
      ingested.problems.planUnreadable
    ) {
      // An unreadable plan cannot be reviewed, so it cannot be approved.
      status = 'failed';
      message = ingested.problems.planUnreadable;
    }
    const type = RUN_OUTCOME_EVENT[run.operation][status];
    if (!isStatelessEvent(type)) {
      const check = checkTransition(current.status, EVENT_TARGET_STATE[type]);
      if (!check.allowed) {
        this.#logger.warn(
          `Ignoring result of run ${result.runId} for request ${current.id}: ${check.reason}`,
        );
        return undefined;
      }
    }
    await this.#storeArtifacts(current.id, result);
    const finished: RequestRun = {
      ...run,
      status,
      finishedAt: result.finishedAt,
      ...(result.url ? { url: result.url } : {}),
      ...(message ? { message } : {}),
    };
    let next = this.#nextRevision(current, {
      type,
      actor: `executor:${run.executor}`,
      runId: run.runId,
      details: {
        ...(message ? { message } : {}),
        ...(ingested.problems.costUnreadable
          ? { costUnreadable: ingested.problems.costUnreadable }
          : {}),
      },
      runs: current.runs.map(r => (r.runId === run.runId ? finished : r)),
      at: result.finishedAt,
    });
    next = this.#withRunViews(next, run.operation, status, ingested, result);
    if (
      run.operation === 'plan' &&
      ingested.fullPlan &&
      status === 'succeeded'
    ) {
      const postPlan = await this.#policies.evaluatePostPlan({
        request: next,
        environment: this.#environments.get(next.environment),
        plan: ingested.fullPlan,
        ...(ingested.cost ? { cost: ingested.cost.summary } : {}),
      });
      // A new plan is checked afresh; an earlier bypass does not carry over.
      next = {
        ...next,
        policy: { prePlan: next.policy?.prePlan ?? [], postPlan },
      };
    }
    await this.#commit(next);
    if (type === 'planned') {
      // A successful plan waits for an approver.
      next = this.#nextRevision(next, {
        type: 'approval_requested',
        actor: 'system',
        details: {},
        runs: next.runs,
      });
      await this.#commit(next);
    }
    return next;
  }

  /** What a finished run tells about the request besides its state. */
  #withRunViews(
    record: TfRequest,
    operation: ExecutorOperation,
    status: 'succeeded' | 'failed',
    ingested: IngestedArtifacts,
    result: RunResult,
  ): TfRequest {
    if (operation === 'plan') {
      // A new plan replaces the previous one's summary and cost, even when it failed.
      const { plan: _plan, cost: _cost, ...rest } = record;
      return {
        ...rest,
        ...(ingested.plan ? { plan: ingested.plan } : {}),
        ...(ingested.cost ? { cost: ingested.cost } : {}),
      };
    }
    if (operation === 'driftCheck') {
      const drift = toStoredDrift({
        state: driftStateOf(status, ingested),
        checkedAt: result.finishedAt,
        runId: result.runId,
        ...(ingested.fullPlan ? { plan: ingested.fullPlan } : {}),
      });
      const details = driftCheckDetails(record.drift, drift);
      return {
        ...record,
        drift,
        event: {
          ...record.event,
          details: { ...record.event.details, ...details },
        },
      };
    }
    return record;
  }

  /**
   * Blocking post-plan findings refuse an approval, listing them all, unless
   * the caller bypasses them; the bypass is returned to be recorded.
   */
  #checkApprovalPolicy(
    current: TfRequest,
    actor: string,
    options: TransitionOptions,
  ): NonNullable<TfRequest['policy']>['bypass'] {
    const blocking = blockingPolicyResults(current.policy);
    if (blocking.length === 0) return undefined;
    if (!options.bypassPolicy) {
      throw new ConflictError(
        `Cannot approve request ${current.id}: ${
          blocking.length
        } policy violation(s) block approval: ${describeFindings(blocking)}`,
      );
    }
    return {
      actor,
      at: this.#now().toISOString(),
      ...(options.comment ? { reason: options.comment } : {}),
    };
  }

  /** Marks runs still in flight as ended by a cancellation. */
  #endRunningRuns(runs: RequestRun[]): RequestRun[] {
    const at = this.#now().toISOString();
    return runs.map(run =>
      run.status === 'running'
        ? {
            ...run,
            status: 'failed',
            finishedAt: at,
            message: CANCELLED_RUN_MESSAGE,
          }
        : run,
    );
  }

  /** Shows the recorded state outside Backstage; never undoes it. */
  async #publish(record: TfRequest): Promise<void> {
    if (!this.#executor.publish) return;
    try {
      await this.#executor.publish(record);
    } catch (error) {
      this.#logger.warn(
        `Could not publish request ${record.id} through the ${
          this.#executor.type
        } executor: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Once a request has ended (destroyed or cancelled), asks its executor to
   * remove what it left behind (branch, pull request, working files). Runs
   * once per request; a failure is recorded, never thrown at the caller.
   */
  async #startCleanup(id: string): Promise<void> {
    try {
      await this.#locks.run(id, async () => {
        const current = await this.#loadLatest(id);
        const ran = current.runs.some(r => r.executor === this.#executor.type);
        const cleaned = current.runs.some(r => r.operation === 'cleanup');
        if (!ran || cleaned) return;
        let started;
        try {
          started = await this.#startRun(current, 'cleanup');
        } catch (error) {
          await this.#commit(
            this.#nextRevision(current, {
              type: 'cleanup_failed',
              actor: 'system',
              details: { message: (error as Error).message },
              runs: current.runs,
            }),
          );
          return;
        }
        await this.#commit(
          this.#nextRevision(current, {
            type: 'cleanup_requested',
            actor: 'system',
            runId: started.run.runId,
            details: {},
            runs: [...current.runs, started.run],
          }),
        );
      });
    } catch (error) {
      this.#logger.warn(
        `Could not start the clean-up of request ${id}: ${
          (error as Error).message
        }`,
      );
    }
  }

  /** Rebuilds the index from the object store; safe to run at any time. */
  async reindex(): Promise<{ requests: number; revisions: number }> {
    const latest = new Map<string, string>();
    let revisions = 0;
    for await (const key of this.#store.list(REQUESTS_PREFIX)) {
      const parsed = parseRequestRevisionKey(key);
      if (!parsed) continue;
      revisions++;
      const record = await this.#read(key);
      await this.#store.putIfAbsent(
        eventKey(record.event.at, record.id, record.event.seq),
        Buffer.from(JSON.stringify(record.event)),
      );
      await this.#index.putEvent(record.event);
      latest.set(parsed.id, key);
    }
    for (const key of latest.values()) {
      const record = await this.#read(key);
      await this.#index.putRequest(record);
    }
    return { requests: latest.size, revisions };
  }

  async #startRun(
    current: TfRequest,
    operation: ExecutorOperation,
  ): Promise<{ run: RequestRun; pullRequest?: TfRequest['pullRequest'] }> {
    const startedAt = this.#now().toISOString();
    let handle;
    try {
      handle = await this.#executor[operation](
        executorRunInputOf(current),
        this.events,
      );
    } catch (error) {
      // Nothing is stored: the request stays where it was.
      throw new ConflictError(
        `The ${
          this.#executor.type
        } executor could not start the ${operation} of request ${current.id}: ${
          (error as Error).message
        }`,
      );
    }
    return {
      run: this.#runningRun(handle, operation, startedAt),
      ...(handle.pullRequest ? { pullRequest: handle.pullRequest } : {}),
    };
  }

  #runningRun(
    handle: ExecutorRunHandle,
    operation: ExecutorOperation,
    startedAt: string,
  ): RequestRun {
    return {
      runId: handle.runId,
      operation,
      status: 'running',
      executor: this.#executor.type,
      startedAt,
      ...(handle.url ? { url: handle.url } : {}),
    };
  }

  #nextRevision(
    current: TfRequest,
    change: {
      type: EventType;
      actor: string;
      runId?: string;
      details: Record<string, unknown>;
      runs: RequestRun[];
      at?: string;
    },
  ): TfRequest {
    const at = change.at ?? this.#now().toISOString();
    const to = isStatelessEvent(change.type)
      ? current.status
      : EVENT_TARGET_STATE[change.type];
    const revision = current.revision + 1;
    const event: LifecycleEvent = {
      requestId: current.id,
      seq: revision,
      type: change.type,
      from: current.status,
      to,
      actor: change.actor,
      ...(change.runId ? { runId: change.runId } : {}),
      at,
      details: change.details,
    };
    return {
      ...current,
      revision,
      status: to,
      updatedAt: at,
      runs: change.runs,
      event,
    };
  }

  /** Store first (the commit point), then the event object, then the index. */
  async #commit(unchecked: TfRequest): Promise<void> {
    // Whatever an executor handed back, nothing invalid reaches the store.
    const record = requestRecordSchema.parse(unchecked);
    const body = Buffer.from(JSON.stringify(record));
    try {
      await this.#store.putIfAbsent(
        requestRevisionKey(record.id, record.revision),
        body,
      );
    } catch (error) {
      if ((error as Error).name === 'ConflictError') {
        throw new ConflictError(
          `Request ${record.id} changed concurrently: revision ${record.revision} already exists; reload and retry`,
        );
      }
      throw error;
    }
    await this.#store.putIfAbsent(
      eventKey(record.event.at, record.id, record.event.seq),
      Buffer.from(JSON.stringify(record.event)),
    );
    await this.#index.putRequest(record);
    await this.#index.putEvent(record.event);
    this.#notifyListeners(record);
  }

  #notifyListeners(record: TfRequest): void {
    for (const listener of this.#listeners) {
      // Not awaited: a slow mail server must not hold the request's lock.
      Promise.resolve()
        .then(() => listener(record))
        .catch(error =>
          this.#logger.warn(
            `Revision listener failed for request ${record.id} revision ${
              record.revision
            }: ${(error as Error).message}`,
          ),
        );
    }
  }

  async #storeArtifacts(id: string, result: RunResult): Promise<void> {
    for (const name of ARTIFACT_NAMES) {
      const content = result.artifacts?.[name];
      if (content) {
        await this.#store.putIfAbsent(
          artifactKey(id, result.runId, name),
          content,
        );
      }
    }
  }

  /** The newest revision in the object store, re-indexed if the index lags. */
  async #loadLatest(id: string): Promise<TfRequest> {
    let latest: string | undefined;
    for await (const key of this.#store.list(`${REQUESTS_PREFIX}${id}/`)) {
      latest = key;
    }
    if (!latest) throw new NotFoundError(`No request with id ${id}`);
    const record = await this.#read(latest);
    await this.#index.putRequest(record);
    await this.#index.putEvent(record.event);
    return record;
  }

  async #read(key: string): Promise<TfRequest> {
    const body = await this.#store.get(key);
    if (!body) throw new NotFoundError(`Missing object ${key}`);
    return parseRequestRecord(JSON.parse(body.toString('utf8')));
  }

  #checkRevision(current: TfRequest, expected: number | undefined): void {
    if (expected !== undefined && expected !== current.revision) {
      throw new ConflictError(
        `Request ${current.id} is at revision ${current.revision}, not ${expected} (current state: ${current.status})`,
      );
    }
  }

  #requireEnvironment(environment: string): void {
    if (!this.#environments.names.includes(environment)) {
      throw new InputError(
        `environment: "${environment}" is not one of ${this.#environments.names.join(
          ', ',
        )}`,
      );
    }
  }

  /** The environment right after `from` in the configured order. */
  #requirePromotionTarget(from: string, target: string | undefined): string {
    const names = this.#environments.names;
    const next = names[names.indexOf(from) + 1];
    if (!next) {
      throw new ConflictError(
        `Cannot promote: ${from} is the last environment; there is nothing to promote to`,
      );
    }
    if (target !== undefined && target !== next) {
      throw new InputError(
        `environment: must be ${next}, the environment after ${from} (promotion goes one environment at a time)`,
      );
    }
    return next;
  }
}
