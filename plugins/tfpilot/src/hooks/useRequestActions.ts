import { usePermission } from '@backstage/plugin-permission-react';
import {
  TfRequest,
  tfpilotAdminPermission,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  ACTION_ORDER,
  ACTION_PERMISSIONS,
  ActionName,
  approvalBlockers,
  lifecycleAvailability,
  missingPermissionReason,
} from './requestActions';

export interface ActionAvailability {
  action: ActionName;
  /** The permission decision is still on its way. */
  loading: boolean;
  /** Shown but not clickable; `reason` says why. */
  disabled: boolean;
  reason?: string;
  /** Disabled because the permission policy denied it. */
  denied: boolean;
}

/** Every permission decision the page needs, asked for together (they batch). */
function usePermissions(resourceRef: string) {
  const decisions = {
    plan: usePermission({
      permission: ACTION_PERMISSIONS.plan,
      resourceRef,
    }),
    approve: usePermission({
      permission: ACTION_PERMISSIONS.approve,
      resourceRef,
    }),
    apply: usePermission({
      permission: ACTION_PERMISSIONS.apply,
      resourceRef,
    }),
    destroy: usePermission({
      permission: ACTION_PERMISSIONS.destroy,
      resourceRef,
    }),
    cancel: usePermission({
      permission: ACTION_PERMISSIONS.cancel,
      resourceRef,
    }),
    promote: usePermission({
      permission: ACTION_PERMISSIONS.promote,
      resourceRef,
    }),
  } satisfies Record<ActionName, { loading: boolean; allowed: boolean }>;
  const admin = usePermission({ permission: tfpilotAdminPermission });
  return { decisions, admin };
}

/**
 * The actions to offer on a request: those its lifecycle allows now, each
 * enabled when the permission policy allows it on this very request
 * (`resourceRef: request.id`), otherwise disabled with the reason. An
 * approval blocked by policy findings is enabled for administrators only,
 * who must then approve anyway with a reason.
 */
export function useRequestActions(request: TfRequest): {
  actions: ActionAvailability[];
  isAdmin: boolean;
} {
  const { decisions, admin } = usePermissions(request.id);
  const isAdmin = !admin.loading && admin.allowed;
  const actions: ActionAvailability[] = [];
  for (const action of ACTION_ORDER) {
    const lifecycle = lifecycleAvailability(request, action);
    if (!lifecycle.available) continue;
    const decision = decisions[action];
    const blockedByPolicy =
      action === 'approve' && approvalBlockers(request).length > 0;
    // Whether an administrator may approve anyway is part of the decision.
    const loading = decision.loading || (blockedByPolicy && admin.loading);
    let reason: string | undefined;
    if (!decision.loading && !decision.allowed) {
      reason = missingPermissionReason(action);
    } else if (lifecycle.blockedBy) {
      reason = lifecycle.blockedBy;
    } else if (blockedByPolicy && !loading && !isAdmin) {
      reason = `${
        approvalBlockers(request).length
      } blocking policy finding(s): fix them and plan again, or ask a TfPilot administrator to approve anyway.`;
    }
    actions.push({
      action,
      loading,
      disabled: loading || reason !== undefined,
      reason,
      denied: !decision.loading && !decision.allowed,
    });
  }
  return { actions, isAdmin };
}
