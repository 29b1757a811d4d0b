/** Lifecycle states of a request, as in DESIGN.md. */
export const REQUEST_STATES = [
  'submitted',
  'rejected',
  'planning',
  'planned',
  'plan_failed',
  'awaiting_approval',
  'approved',
  'applying',
  'applied',
  'apply_failed',
  'destroying',
  'destroyed',
  'destroy_failed',
  'cancelled',
] as const;

/** @public */
export type RequestState = (typeof REQUEST_STATES)[number];

/** Drift is an attribute of an applied request, not a lifecycle state. */
export const DRIFT_STATES = [
  'in_sync',
  'drifted',
  'unknown',
  'check_failed',
] as const;

/** @public */
export type DriftState = (typeof DRIFT_STATES)[number];

/** Environments a request can target when none are configured. */
export const DEFAULT_ENVIRONMENTS = ['dev', 'stage', 'prod'] as const;

export function isRequestState(value: string): value is RequestState {
  return (REQUEST_STATES as readonly string[]).includes(value);
}

/** States nothing leaves. */
export const TERMINAL_STATES: readonly RequestState[] = [
  'rejected',
  'destroyed',
  'cancelled',
];

/**
 * States that may be cancelled: everything before infrastructure is touched.
 * Once an apply has started the infrastructure exists (or partly exists), so
 * the way out is destroy, not cancel.
 */
export const CANCELLABLE_STATES: readonly RequestState[] = [
  'submitted',
  'planning',
  'planned',
  'plan_failed',
  'awaiting_approval',
  'approved',
];

/** Every legal move, from each state. Cancellation is added from CANCELLABLE_STATES. */
const NEXT: Record<RequestState, readonly RequestState[]> = {
  submitted: ['rejected', 'planning'],
  rejected: [],
  planning: ['planned', 'plan_failed'],
  planned: ['awaiting_approval', 'planning'],
  plan_failed: ['planning'],
  awaiting_approval: ['approved', 'planning'],
  approved: ['applying'],
  applying: ['applied', 'apply_failed'],
  applied: ['destroying', 'planning'],
  apply_failed: ['applying', 'planning', 'destroying'],
  destroying: ['destroyed', 'destroy_failed'],
  destroyed: [],
  destroy_failed: ['destroying'],
  cancelled: [],
};

/**
 * States reachable from `from` in one move. Always a new list, so that no
 * caller can change the machine by changing what it was given.
 */
export function nextStates(from: RequestState): readonly RequestState[] {
  return CANCELLABLE_STATES.includes(from)
    ? [...NEXT[from], 'cancelled']
    : [...NEXT[from]];
}

/** Outcome of asking for a transition. */
export type TransitionCheck =
  | { allowed: true; from: RequestState; to: RequestState }
  | { allowed: false; from: RequestState; to: RequestState; reason: string };

/**
 * The lifecycle state machine: whether `from -> to` is legal, and if not, why.
 * Pure, so the same rule holds in the API, the engine and the UI.
 */
export function checkTransition(
  from: RequestState,
  to: RequestState,
): TransitionCheck {
  if (nextStates(from).includes(to)) {
    return { allowed: true, from, to };
  }
  let reason: string;
  if (TERMINAL_STATES.includes(from)) {
    reason = `the request is ${from}, a final state`;
  } else if (to === 'cancelled') {
    reason = `a request that is ${from} can no longer be cancelled`;
  } else {
    reason = `a request that is ${from} cannot become ${to}; it can become ${nextStates(
      from,
    ).join(', ')}`;
  }
  return { allowed: false, from, to, reason };
}
