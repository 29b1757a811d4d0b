import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { RequestState } from '@tfpilot/backstage-plugin-tfpilot-common';
import { ComponentType, PropsWithChildren } from 'react';

/** How a state reads to people: `awaiting_approval` → "awaiting approval". */
export function statusLabel(status: RequestState): string {
  return status.replace(/_/g, ' ');
}

/** States in which a run is in flight. */
export const IN_PROGRESS_STATES: readonly RequestState[] = [
  'planning',
  'applying',
  'destroying',
];

const STATUS_ICON: Record<
  RequestState,
  ComponentType<PropsWithChildren<{}>>
> = {
  submitted: StatusPending,
  planning: StatusRunning,
  planned: StatusPending,
  awaiting_approval: StatusWarning,
  approved: StatusPending,
  applying: StatusRunning,
  applied: StatusOK,
  destroying: StatusRunning,
  destroyed: StatusAborted,
  cancelled: StatusAborted,
  rejected: StatusError,
  plan_failed: StatusError,
  apply_failed: StatusError,
  destroy_failed: StatusError,
};

/**
 * A request's lifecycle state as Backstage shows statuses: a coloured icon
 * and the state's name (so colour is never the only cue).
 */
export function RequestStatus(props: { status: RequestState }) {
  const Icon = STATUS_ICON[props.status];
  return (
    <span data-testid="request-status" data-status={props.status}>
      <Icon>{statusLabel(props.status)}</Icon>
    </span>
  );
}
