import {
  ConditionalPolicyDecision,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { TFPILOT_REQUEST_RESOURCE_TYPE } from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  createTfpilotRequestConditionalDecision,
  tfpilotRequestConditions,
} from '@tfpilot/backstage-plugin-tfpilot-node';

// The rules the TfPilot backend registers for the `tfpilot-request` resource
// type, through the condition helpers tfpilot-node exports with them.

/** A condition on a TfPilot request. */
export type TfpilotRequestCondition = ReturnType<
  (typeof tfpilotRequestConditions)[keyof typeof tfpilotRequestConditions]
>;

/** `IS_OWNER`: the request's owner is one of `claims`. */
export function isRequestOwner(claims: string[]): TfpilotRequestCondition {
  return tfpilotRequestConditions.isRequestOwner({ claims });
}

/** `IS_IN_ENVIRONMENT`: the request targets one of `environments`. */
export function isInEnvironment(
  environments: string[],
): TfpilotRequestCondition {
  return tfpilotRequestConditions.isInEnvironment({ environments });
}

/** A conditional decision on a `tfpilot-request` permission. */
export function conditionalOnRequest(
  permission: ResourcePermission<typeof TFPILOT_REQUEST_RESOURCE_TYPE>,
  conditions: PermissionCriteria<TfpilotRequestCondition>,
): ConditionalPolicyDecision {
  return createTfpilotRequestConditionalDecision(permission, conditions);
}
