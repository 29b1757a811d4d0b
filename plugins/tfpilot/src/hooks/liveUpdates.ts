import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import { IN_PROGRESS_STATES } from '../components/common/RequestStatus';

/** Polling while a run is in flight and the app has no signals. */
export const POLL_WITHOUT_SIGNALS_MS = 4_000;
/**
 * Polling while a run is in flight even with signals: a signal is a hint
 * the backend may drop, and the socket may be down without anyone noticing.
 */
export const POLL_WITH_SIGNALS_MS = 30_000;

/** Whether something is still happening to the request (a run in flight). */
export function isInProgress(request: TfRequest | undefined): boolean {
  if (!request) return false;
  return (
    IN_PROGRESS_STATES.includes(request.status) ||
    request.runs.some(run => run.status === 'running')
  );
}

/** How often to poll a request, or undefined not to. */
export function pollInterval(
  request: TfRequest | undefined,
  isSignalsAvailable: boolean,
): number | undefined {
  if (!isInProgress(request)) return undefined;
  return isSignalsAvailable ? POLL_WITH_SIGNALS_MS : POLL_WITHOUT_SIGNALS_MS;
}
