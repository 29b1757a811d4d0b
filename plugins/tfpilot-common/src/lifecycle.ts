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
