import { RequestState } from './lifecycle';

/** What happened to a request; one lifecycle event per happening. */
export const EVENT_TYPES = [
  'submitted',
  'rejected',
  'plan_requested',
  'planned',
  'plan_failed',
  'approval_requested',
  'approved',
  'apply_requested',
  'applied',
  'apply_failed',
  'destroy_requested',
  'destroyed',
  'destroy_failed',
  'cancelled',
  'promoted',
  'cleanup_requested',
  'cleaned_up',
  'cleanup_failed',
  'drift_check_requested',
  'drift_checked',
] as const;

/** @public */
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Events recorded without moving the request: a promotion (the copy is a new
 * request), the clean-up of an executor's leftovers after the request ended,
 * and drift checks, started and finished (drift is an attribute, not a state).
 */
export const STATELESS_EVENT_TYPES = [
  'promoted',
  'cleanup_requested',
  'cleaned_up',
  'cleanup_failed',
  'drift_check_requested',
  'drift_checked',
] as const satisfies readonly EventType[];
export type StatelessEventType = (typeof STATELESS_EVENT_TYPES)[number];

export function isStatelessEvent(type: EventType): type is StatelessEventType {
  return (STATELESS_EVENT_TYPES as readonly EventType[]).includes(type);
}

/** The state each event type moves a request into. */
export const EVENT_TARGET_STATE: Record<
  Exclude<EventType, StatelessEventType>,
  RequestState
> = {
  submitted: 'submitted',
  rejected: 'rejected',
  plan_requested: 'planning',
  planned: 'planned',
  plan_failed: 'plan_failed',
  approval_requested: 'awaiting_approval',
  approved: 'approved',
  apply_requested: 'applying',
  applied: 'applied',
  apply_failed: 'apply_failed',
  destroy_requested: 'destroying',
  destroyed: 'destroyed',
  destroy_failed: 'destroy_failed',
  cancelled: 'cancelled',
};

/** One entry of the structured lifecycle log (`logs/<yyyy>/<mm>/<dd>/<id>/<seq>.json`). */
export interface LifecycleEvent {
  requestId: string;
  /** 1-based, gap-free per request. */
  seq: number;
  type: EventType;
  /** Null for the first event of a request. */
  from: RequestState | null;
  to: RequestState;
  /** Entity ref of the user, or `executor:<type>` / `system` for automatic moves. */
  actor: string;
  runId?: string;
  /** ISO-8601 UTC. */
  at: string;
  details: Record<string, unknown>;
}
