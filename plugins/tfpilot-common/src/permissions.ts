import {
  BasicPermission,
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** Resource type of TfPilot requests in Backstage's permission framework. */
export const TFPILOT_REQUEST_RESOURCE_TYPE = 'tfpilot-request';

/** @public */
export type TfpilotRequestPermission = ResourcePermission<
  typeof TFPILOT_REQUEST_RESOURCE_TYPE
>;

const requestPermission = (
  action: string,
  crud: 'create' | 'read' | 'update' | 'delete',
): TfpilotRequestPermission =>
  createPermission({
    name: `tfpilot.request.${action}`,
    attributes: { action: crud },
    resourceType: TFPILOT_REQUEST_RESOURCE_TYPE,
  });

/** Read a request, its events, plans and costs. */
export const tfpilotRequestReadPermission = requestPermission('read', 'read');
/** Plan a request (dispatch a plan run). */
export const tfpilotRequestPlanPermission = requestPermission('plan', 'update');
/** Approve a planned request. */
export const tfpilotRequestApprovePermission = requestPermission(
  'approve',
  'update',
);
/** Apply an approved request. */
export const tfpilotRequestApplyPermission = requestPermission(
  'apply',
  'update',
);
/** Destroy the infrastructure of an applied request. */
export const tfpilotRequestDestroyPermission = requestPermission(
  'destroy',
  'delete',
);
/** Cancel a request that has not reached a terminal state. */
export const tfpilotRequestCancelPermission = requestPermission(
  'cancel',
  'update',
);
/** Promote a request to the next environment. */
export const tfpilotRequestPromotePermission = requestPermission(
  'promote',
  'create',
);

/**
 * Create a request. Not a resource permission: the request does not exist yet,
 * so the decision cannot depend on it.
 */
export const tfpilotRequestCreatePermission: BasicPermission = createPermission(
  {
    name: 'tfpilot.request.create',
    attributes: { action: 'create' },
  },
);

/** Query the structured lifecycle log. */
export const tfpilotLogsReadPermission = createPermission({
  name: 'tfpilot.logs.read',
  attributes: { action: 'read' },
});

/** Read aggregated metrics. */
export const tfpilotMetricsReadPermission = createPermission({
  name: 'tfpilot.metrics.read',
  attributes: { action: 'read' },
});

/** Trigger drift checks on demand. */
export const tfpilotDriftCheckPermission = createPermission({
  name: 'tfpilot.drift.check',
  attributes: { action: 'update' },
});

/** Administrative operations: reindex, policy bypass. */
export const tfpilotAdminPermission = createPermission({
  name: 'tfpilot.admin',
  attributes: {},
});

/** Every permission that is checked against a specific request. */
export const tfpilotRequestPermissions: readonly TfpilotRequestPermission[] = [
  tfpilotRequestReadPermission,
  tfpilotRequestPlanPermission,
  tfpilotRequestApprovePermission,
  tfpilotRequestApplyPermission,
  tfpilotRequestDestroyPermission,
  tfpilotRequestCancelPermission,
  tfpilotRequestPromotePermission,
];

/** Every permission that is not tied to one request. */
export const tfpilotBasicPermissions: readonly BasicPermission[] = [
  tfpilotRequestCreatePermission,
  tfpilotLogsReadPermission,
  tfpilotMetricsReadPermission,
  tfpilotDriftCheckPermission,
  tfpilotAdminPermission,
];

/** All TfPilot permissions, for registration with the permissions registry. */
export const tfpilotPermissions = [
  ...tfpilotRequestPermissions,
  ...tfpilotBasicPermissions,
];

/** True for permissions defined by TfPilot. */
export function isTfpilotPermissionName(name: string): boolean {
  return tfpilotPermissions.some(permission => permission.name === name);
}
