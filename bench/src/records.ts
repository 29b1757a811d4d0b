/**
 * Synthetic but valid TfPilot request records for seeding the index: every
 * record passes `requestRecordSchema`, carries the full run history and the
 * event of its latest revision, exactly as RequestService would have written
 * it after walking the lifecycle from `submitted` to its current state.
 */
import {
  toEventRow,
  toRequestRow,
} from '@tfpilot/backstage-plugin-tfpilot-backend/src/database/RequestIndex';
import {
  EVENT_TARGET_STATE,
  StatelessEventType,
  EventType,
  LifecycleEvent,
  newRequestId,
  REQUEST_API_VERSION,
  RequestRun,
  RequestState,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';

export const ENVIRONMENTS = ['dev', 'stage', 'prod'] as const;
export const MODULES = [
  'object-bucket',
  'postgres-db',
  'redis-cache',
  'vpc-network',
  'k8s-namespace',
  'dns-zone',
] as const;
const VERSIONS = ['1.0.0', '1.2.3', '2.0.0', '2.1.0-rc.1'] as const;
export const OWNERS = Array.from(
  { length: 40 },
  (_, i) => `user:default/engineer-${String(i + 1).padStart(2, '0')}`,
);

/** Share of each state, in percent (sums to 100). */
const STATE_WEIGHTS: Record<RequestState, number> = {
  applied: 40,
  submitted: 11,
  destroyed: 8,
  apply_failed: 7,
  awaiting_approval: 6,
  plan_failed: 5,
  cancelled: 5,
  rejected: 4,
  planning: 3,
  planned: 3,
  approved: 3,
  applying: 2,
  destroy_failed: 2,
  destroying: 1,
};

/** Events from submission to each state, in order (one revision each). */
const TO_APPLY: EventType[] = [
  'submitted',
  'plan_requested',
  'planned',
  'approval_requested',
  'approved',
  'apply_requested',
];
const PATHS: Record<RequestState, EventType[]> = {
  submitted: ['submitted'],
  rejected: ['submitted', 'rejected'],
  cancelled: ['submitted', 'cancelled'],
  planning: ['submitted', 'plan_requested'],
  planned: ['submitted', 'plan_requested', 'planned'],
  plan_failed: ['submitted', 'plan_requested', 'plan_failed'],
  awaiting_approval: TO_APPLY.slice(0, 4),
  approved: TO_APPLY.slice(0, 5),
  applying: TO_APPLY,
  applied: [...TO_APPLY, 'applied'],
  apply_failed: [...TO_APPLY, 'apply_failed'],
  destroying: [...TO_APPLY, 'applied', 'destroy_requested'],
  destroyed: [...TO_APPLY, 'applied', 'destroy_requested', 'destroyed'],
  destroy_failed: [
    ...TO_APPLY,
    'applied',
    'destroy_requested',
    'destroy_failed',
  ],
};

const RUN_STARTS: Partial<Record<EventType, RequestRun['operation']>> = {
  plan_requested: 'plan',
  apply_requested: 'apply',
  destroy_requested: 'destroy',
};
const RUN_ENDS: Partial<Record<EventType, RequestRun['status']>> = {
  planned: 'succeeded',
  plan_failed: 'failed',
  applied: 'succeeded',
  apply_failed: 'failed',
  destroyed: 'succeeded',
  destroy_failed: 'failed',
};

/** Small deterministic PRNG (mulberry32), so every run seeds the same shape. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function weighted<K extends string>(
  random: () => number,
  weights: Record<K, number>,
): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return entries[entries.length - 1][0];
}

export interface SeedRequest {
  record: TfRequest;
  /** Duration of the latest successful apply, as the index stores it. */
  /** Every event of the request's history, oldest first. */
  history: LifecycleEvent[];
}

function hex(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++)
    out += Math.floor(random() * 16).toString(16);
  return out;
}

/**
 * One request created at `createdAtMs`, walked through the lifecycle to a
 * state drawn from STATE_WEIGHTS.
 */
export function makeRequest(
  random: () => number,
  createdAtMs: number,
): SeedRequest {
  const state = weighted(random, STATE_WEIGHTS);
  const environment =
    ENVIRONMENTS[Math.floor(random() * 10) < 5 ? 0 : random() < 0.6 ? 1 : 2];
  const moduleName = pick(random, MODULES);
  const owner = pick(random, OWNERS);
  const component = `service-${Math.floor(random() * 250)}`;
  const id = newRequestId(createdAtMs);
  const createdAt = new Date(createdAtMs).toISOString();
  const inputs = {
    name: `${component}-${moduleName}`.slice(0, 60),
    environment,
    versioning: random() < 0.8,
    noncurrent_version_expiration_days: 30 + Math.floor(random() * 90),
    size: pick(random, ['small', 'medium', 'large']),
    tags: {
      owner: owner.slice('user:default/'.length),
      'cost-center': `cc-${1000 + Math.floor(random() * 50)}`,
      service: component,
    },
  };

  const runs: RequestRun[] = [];
  const history: LifecycleEvent[] = [];
  let at = createdAtMs;
  let current: RequestState | null = null;
  let runId: string | undefined;
  for (const type of PATHS[state]) {
    const seq = history.length + 1;
    const to =
      EVENT_TARGET_STATE[type as Exclude<EventType, StatelessEventType>];
    const operation = RUN_STARTS[type];
    const outcome = RUN_ENDS[type];
    let actor = owner;
    if (operation) {
      runId = `local-${operation}-${at.toString(36)}-${hex(random, 8)}`;
      runs.push({
        runId,
        operation,
        status: 'running',
        executor: 'local',
        startedAt: new Date(at).toISOString(),
      });
    } else if (outcome) {
      // Runs take 20 s to 5 min.
      at += 20_000 + Math.floor(random() * 280_000);
      const run = runs[runs.length - 1];
      runs[runs.length - 1] = {
        ...run,
        status: outcome,
        finishedAt: new Date(at).toISOString(),
        ...(outcome === 'failed'
          ? { message: 'terraform exited with status 1' }
          : {}),
      };
      actor = 'executor:local';
    } else if (type === 'approval_requested') {
      actor = 'system';
    } else if (type === 'approved' || type === 'rejected') {
      actor = 'user:default/approver';
    }
    history.push({
      requestId: id,
      seq,
      type,
      from: current,
      to,
      actor,
      ...((operation || outcome) && runId ? { runId } : {}),
      at: new Date(at).toISOString(),
      details: type === 'cancelled' ? { comment: 'no longer needed' } : {},
    });
    current = to;
    // Humans take minutes to hours between steps.
    if (!outcome) at += 1_000 + Math.floor(random() * 3_600_000);
    else at += 1_000;
  }

  const event = history[history.length - 1];
  const record: TfRequest = {
    apiVersion: REQUEST_API_VERSION,
    id,
    module: { name: moduleName, version: pick(random, VERSIONS) },
    environment,
    inputs,
    entityRef: `component:default/${component}`,
    owner,
    revision: history.length,
    status: state,
    createdAt,
    updatedAt: event.at,
    runs,
    event,
  };
  return { record, history };
}

/** A row of the index tables. */
export type Row = Record<string, string | number | null>;

/** The row of `tfpilot_requests` for a record: exactly what RequestIndex.putRequest writes. */
export function requestRow(request: SeedRequest): Row {
  return toRequestRow(request.record);
}

/** The row of `tfpilot_events` for an event: exactly what RequestIndex.putEvent writes. */
export function eventRow(event: LifecycleEvent): Row {
  return toEventRow(event);
}

/**
 * Events kept in the index per request: the submission, every apply outcome
 * (what GET /metrics counts) and the latest event. Intermediate steps are
 * left out to keep seeding fast; no read under test touches them.
 */
export function indexedEvents(request: SeedRequest): LifecycleEvent[] {
  const last = request.history.length - 1;
  return request.history.filter(
    (e, i) =>
      i === 0 ||
      i === last ||
      e.type === 'applied' ||
      e.type === 'apply_failed',
  );
}
