import { DriftState } from '@tfpilot/backstage-plugin-tfpilot-common';
import { DriftItem } from '../../api/TfpilotApi';

/** Worst first: what an entity's drift is summed up as. */
export const DRIFT_PRECEDENCE: readonly DriftState[] = [
  'drifted',
  'check_failed',
  'unknown',
  'in_sync',
];

/** The worst drift state among the items; undefined when there are none. */
export function overallDriftState(
  items: readonly DriftItem[],
): DriftState | undefined {
  return DRIFT_PRECEDENCE.find(state =>
    items.some(item => item.state === state),
  );
}

/** The latest `lastCheckedAt` among the items. */
export function lastDriftCheck(
  items: readonly DriftItem[],
): string | undefined {
  return items
    .map(item => item.lastCheckedAt)
    .filter((at): at is string => typeof at === 'string')
    .sort()
    .pop();
}

export const DRIFT_STATE_LABELS: Record<DriftState, string> = {
  in_sync: 'In sync',
  drifted: 'Drifted',
  unknown: 'Not checked yet',
  check_failed: 'Check failed',
};
