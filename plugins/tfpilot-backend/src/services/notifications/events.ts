import { EventType, TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import { NotificationEvent } from './types';

/** Lifecycle events that are notifications as they are. */
const DIRECT: Partial<Record<EventType, NotificationEvent>> = {
  rejected: 'rejected',
  plan_failed: 'plan_failed',
  approval_requested: 'approval_required',
  applied: 'applied',
  apply_failed: 'apply_failed',
  destroyed: 'destroyed',
  destroy_failed: 'destroy_failed',
};

/**
 * A drift check that found drift where none was known: a request that stays
 * drifted is not announced again on every nightly check.
 */
function isNewDrift(record: TfRequest): boolean {
  return (
    record.event.type === 'drift_checked' &&
    record.event.details.previousState !== 'drifted' &&
    record.drift?.state === 'drifted'
  );
}

/** What this revision is worth telling people about, if anything. */
export function notificationEventOf(
  record: TfRequest,
): NotificationEvent | undefined {
  if (isNewDrift(record)) return 'drift_detected';
  return DIRECT[record.event.type];
}
