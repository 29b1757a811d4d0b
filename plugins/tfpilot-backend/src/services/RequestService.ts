import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  checkTransition,
  createRequestBodySchema,
  describeIssues,
  EVENT_TARGET_STATE,
  EventType,
  isRequestId,
  LifecycleEvent,
  newRequestId,
  parseRequestRecord,
  REQUEST_API_VERSION,
  requestRecordSchema,
  RequestRun,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  ExecutorOperation,
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
import { Environments } from './environments';
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
const RUN_OUTCOME_EVENT: Partial<
  Record<ExecutorOperation, { succeeded: EventType; failed: EventType }>
> = {
  plan: { succeeded: 'planned', failed: 'plan_failed' },
  apply: { succeeded: 'applied', failed: 'apply_failed' },
  destroy: { succeeded: 'destroyed', failed: 'destroy_failed' },
};

export interface TransitionOptions {
  /** Refuse with 409 unless the request is still at this revision. */
  expectedRevision?: number;
  /** Free-text reason kept in the event (e.g. why it was cancelled). */
  comment?: string;
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
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #locks = new KeyedMutex();

  constructor(options: {
    store: ObjectStore;
    index: RequestIndex;
    executor: TfpilotExecutor;
    environments: Environments;
    logger: LoggerService;
    now?: () => Date;
  }) {
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
    return record;
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
    return this.#locks.run(id, async () => {
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
      const operation = ACTION_OPERATION[action];
      const run = operation
        ? await this.#startRun(current, operation)
        : undefined;
      const next = this.#nextRevision(current, {
        type,
        actor,
        runId: run?.runId,
        details: options.comment ? { comment: options.comment } : {},
        runs: run ? [...current.runs, run] : current.runs,
      });
      await this.#commit(next);
      return next;
    });
  }

  /** Copies an applied request into a later environment as a new request. */
  async promote(
    id: string,
    environment: unknown,
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
      const target = this.#requirePromotionTarget(
        source.environment,
        environment,
      );
      const promoted = await this.create(
        {
          module: source.module,
          environment: target,
          inputs: source.inputs,
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

  /** Applies a finished run once; duplicates and stale results are ignored. */
  async runFinished(result: RunResult): Promise<void> {
    if (!isRequestId(result.requestId)) return;
    await this.#locks.run(result.requestId, async () => {
      const current = await this.#loadLatest(result.requestId);
      const run = current.runs.find(r => r.runId === result.runId);
      if (!run || run.status !== 'running') {
        this.#logger.info(
          `Ignoring result of run ${result.runId} for request ${current.id}: ${
            run ? 'already recorded' : 'not a run of this request'
          }`,
        );
        return;
      }
      const outcome = RUN_OUTCOME_EVENT[result.operation];
      if (!outcome) return;
      const type = outcome[result.status];
      const to = EVENT_TARGET_STATE[type as keyof typeof EVENT_TARGET_STATE];
      const check = checkTransition(current.status, to);
      if (!check.allowed) {
        this.#logger.warn(
          `Ignoring result of run ${result.runId} for request ${current.id}: ${check.reason}`,
        );
        return;
      }
      await this.#storeArtifacts(current.id, result);
      const finished: RequestRun = {
        ...run,
        status: result.status,
        finishedAt: result.finishedAt,
        ...(result.url ? { url: result.url } : {}),
        ...(result.message ? { message: result.message } : {}),
      };
      let next = this.#nextRevision(current, {
        type,
        actor: `executor:${run.executor}`,
        runId: run.runId,
        details: result.message ? { message: result.message } : {},
        runs: current.runs.map(r => (r.runId === run.runId ? finished : r)),
        at: result.finishedAt,
      });
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
    });
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
  ): Promise<RequestRun> {
    const startedAt = this.#now().toISOString();
    const input = {
      requestId: current.id,
      revision: current.revision + 1,
      environment: current.environment,
      module: current.module,
      inputs: current.inputs,
    };
    const sink = { runFinished: (r: RunResult) => this.runFinished(r) };
    let handle;
    try {
      handle = await this.#executor[operation](input, sink);
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
    const to =
      change.type === 'promoted'
        ? current.status
        : EVENT_TARGET_STATE[change.type as keyof typeof EVENT_TARGET_STATE];
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

  #requirePromotionTarget(from: string, target: unknown): string {
    const names = this.#environments.names;
    const later = names.slice(names.indexOf(from) + 1);
    if (typeof target !== 'string' || !later.includes(target)) {
      throw new InputError(
        later.length
          ? `environment: must be one of ${later.join(', ')} (after ${from})`
          : `environment: ${from} is the last environment; there is nothing to promote to`,
      );
    }
    return target;
  }
}
