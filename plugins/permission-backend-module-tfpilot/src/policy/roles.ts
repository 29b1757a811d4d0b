import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  tfpilotAdminPermission,
  tfpilotDriftCheckPermission,
  tfpilotLogsReadPermission,
  tfpilotMetricsReadPermission,
  tfpilotPermissions,
  tfpilotRequestApplyPermission,
  tfpilotRequestApprovePermission,
  tfpilotRequestCancelPermission,
  tfpilotRequestCreatePermission,
  tfpilotRequestDestroyPermission,
  tfpilotRequestPlanPermission,
  tfpilotRequestPromotePermission,
  tfpilotRequestReadPermission,
} from '@tfpilot/backstage-plugin-tfpilot-common';

/** TfPilot roles, from least to most privileged. */
export const ROLES = ['viewer', 'developer', 'approver', 'admin'] as const;

/** @public */
export type Role = (typeof ROLES)[number];

const names = (...permissions: { name: string }[]) =>
  permissions.map(p => p.name);

/** What each role adds to the one below it. */
const GRANTED_BY_ROLE: Record<Role, string[]> = {
  viewer: names(
    tfpilotRequestReadPermission,
    tfpilotLogsReadPermission,
    tfpilotMetricsReadPermission,
  ),
  developer: names(
    tfpilotRequestCreatePermission,
    tfpilotRequestPlanPermission,
    tfpilotRequestCancelPermission,
    tfpilotRequestPromotePermission,
  ),
  approver: names(
    tfpilotRequestApprovePermission,
    tfpilotRequestApplyPermission,
  ),
  admin: names(
    tfpilotRequestDestroyPermission,
    tfpilotDriftCheckPermission,
    tfpilotAdminPermission,
    ...tfpilotPermissions,
  ),
};

/** Every permission a role holds, its own and those of the roles below it. */
export function permissionsOfRole(role: Role): ReadonlySet<string> {
  const upTo = ROLES.slice(0, ROLES.indexOf(role) + 1);
  return new Set(upTo.flatMap(r => GRANTED_BY_ROLE[r]));
}

/** Role members from config, as normalised entity refs. */
export type RoleMembers = Record<Role, ReadonlySet<string>>;

function normaliseRef(ref: string, field: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
  } catch (error) {
    throw new Error(
      `${field}: "${ref}" is not an entity ref (expected kind:namespace/name, e.g. group:default/platform)`,
    );
  }
}

/** Reads `tfpilot.rbac.roles`, failing with the field at fault. */
export function readRoleMembers(config: Config): RoleMembers {
  const members = {} as Record<Role, ReadonlySet<string>>;
  for (const role of ROLES) {
    const field = `tfpilot.rbac.roles.${role}`;
    const refs = config.getOptionalStringArray(field) ?? [];
    members[role] = new Set(refs.map(ref => normaliseRef(ref, field)));
  }
  return members;
}

/** The most privileged role held through any of the user's ownership refs. */
export function highestRole(
  members: RoleMembers,
  ownershipRefs: readonly string[],
): Role | undefined {
  const refs = ownershipRefs.map(ref => ref.toLocaleLowerCase('en-US'));
  return [...ROLES]
    .reverse()
    .find(role => refs.some(ref => members[role].has(ref)));
}
