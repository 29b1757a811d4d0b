import {
  blockingPolicyResults,
  nextStates,
  PolicyResult,
  RequestState,
  TfRequest,
  tfpilotRequestApplyPermission,
  tfpilotRequestApprovePermission,
  tfpilotRequestCancelPermission,
  tfpilotRequestDestroyPermission,
  TfpilotRequestPermission,
  tfpilotRequestPlanPermission,
  tfpilotRequestPromotePermission,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { RequestAction } from '../api/TfpilotApi';

/** What a person can ask for on a request's page. */
export type ActionName = RequestAction | 'promote';

export const ACTION_ORDER: readonly ActionName[] = [
  'plan',
  'approve',
  'apply',
  'promote',
  'cancel',
  'destroy',
];

/** The Backstage permission each action needs, checked against the request. */
export const ACTION_PERMISSIONS: Record<ActionName, TfpilotRequestPermission> =
  {
    plan: tfpilotRequestPlanPermission,
    approve: tfpilotRequestApprovePermission,
    apply: tfpilotRequestApplyPermission,
    destroy: tfpilotRequestDestroyPermission,
    cancel: tfpilotRequestCancelPermission,
    promote: tfpilotRequestPromotePermission,
  };

/** The state each lifecycle action moves a request into. */
const ACTION_TARGET: Record<RequestAction, RequestState> = {
  plan: 'planning',
  approve: 'approved',
  apply: 'applying',
  destroy: 'destroying',
  cancel: 'cancelled',
};

export const ACTION_LABELS: Record<ActionName, string> = {
  plan: 'Plan',
  approve: 'Approve',
  apply: 'Apply',
  destroy: 'Destroy',
  cancel: 'Cancel request',
  promote: 'Promote',
};

/**
 * Whether the lifecycle allows the action now (`nextStates` of the
 * request's state; promotion needs an applied request in sync), and if it
 * is shown but cannot be taken, why.
 */
export function lifecycleAvailability(
  request: TfRequest,
  action: ActionName,
): { available: boolean; blockedBy?: string } {
  if (action === 'promote') {
    if (request.status !== 'applied') return { available: false };
    const drift = request.drift?.state;
    if (drift && drift !== 'in_sync') {
      return {
        available: true,
        blockedBy: `Its infrastructure is not in sync (drift: ${drift.replace(
          /_/g,
          ' ',
        )}); resolve the drift before promoting.`,
      };
    }
    return { available: true };
  }
  return {
    available: nextStates(request.status).includes(ACTION_TARGET[action]),
  };
}

/** Post-plan findings that block approval until an administrator bypasses them. */
export function approvalBlockers(request: TfRequest): PolicyResult[] {
  if (request.policy?.bypass) return [];
  return blockingPolicyResults(request.policy);
}

/** Why the action is disabled for lack of a permission. */
export function missingPermissionReason(action: ActionName): string {
  return `You are not allowed to ${
    action === 'cancel' ? 'cancel' : action
  } this request: your role lacks the ${
    ACTION_PERMISSIONS[action].name
  } permission for it.`;
}
