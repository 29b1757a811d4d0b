import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  tfpilotAdminPermission,
  tfpilotDriftCheckPermission,
  tfpilotLogsReadPermission,
  tfpilotMetricsReadPermission,
  tfpilotRequestApplyPermission,
  tfpilotRequestApprovePermission,
  tfpilotRequestCancelPermission,
  tfpilotRequestCreatePermission,
  tfpilotRequestDestroyPermission,
  tfpilotRequestPlanPermission,
  tfpilotRequestPromotePermission,
  tfpilotRequestReadPermission,
} from '@tfpilot/backstage-plugin-tfpilot-common';

/**
 * TfPilot roles, from least to most privileged. Roles are cumulative.
 *
 * @public
 */
export const ROLES = ['viewer', 'developer', 'approver', 'admin'] as const;

/** @public */
export type Role = (typeof ROLES)[number];

/**
 * What a role may do with one permission:
 *
 * - `allow`: always;
 * - `own`: only on requests the user owns (`IS_OWNER` with the user's claims);
 * - `beforeNonProduction`: only on requests whose environment is followed by
 *   a non-production environment (`IS_IN_ENVIRONMENT`), i.e. promotion that
 *   stays out of production;
 * - `deny`: never.
 *
 * Separation of duties (`tfpilot.rbac.separationOfDuties`) further restricts
 * approve and apply to requests the user does not own; see
 * {@link SEPARATED_DUTIES}.
 *
 * @public
 */
export type Grant = 'allow' | 'own' | 'beforeNonProduction' | 'deny';

const A: Grant = 'allow';
const OWN: Grant = 'own';
const NONPROD: Grant = 'beforeNonProduction';
const D: Grant = 'deny';

/**
 * The role table: permission name -> grant per role (viewer, developer,
 * approver, admin). docs/rbac.md shows the same table; a test keeps each row
 * monotonic (a higher role never holds less than a lower one).
 */
const TABLE: ReadonlyArray<[{ name: string }, [Grant, Grant, Grant, Grant]]> = [
  [tfpilotRequestReadPermission, [A, A, A, A]],
  [tfpilotLogsReadPermission, [A, A, A, A]],
  [tfpilotMetricsReadPermission, [A, A, A, A]],
  [tfpilotRequestCreatePermission, [D, A, A, A]],
  [tfpilotRequestPlanPermission, [D, OWN, A, A]],
  [tfpilotRequestCancelPermission, [D, OWN, A, A]],
  [tfpilotRequestPromotePermission, [D, NONPROD, A, A]],
  [tfpilotRequestApprovePermission, [D, D, A, A]],
  [tfpilotRequestApplyPermission, [D, D, A, A]],
  [tfpilotRequestDestroyPermission, [D, D, D, A]],
  [tfpilotDriftCheckPermission, [D, D, D, A]],
  [tfpilotAdminPermission, [D, D, D, A]],
];

const GRANTS: ReadonlyMap<string, Readonly<Record<Role, Grant>>> = new Map(
  TABLE.map(([permission, grants]) => [
    permission.name,
    Object.fromEntries(ROLES.map((role, i) => [role, grants[i]])) as Record<
      Role,
      Grant
    >,
  ]),
);

/**
 * Permissions that nobody may use on their own request when separation of
 * duties is on.
 *
 * @public
 */
export const SEPARATED_DUTIES: readonly string[] = [
  tfpilotRequestApprovePermission.name,
  tfpilotRequestApplyPermission.name,
];

/** Names of the permissions TfPilot defines, in table order. @public */
export const TFPILOT_PERMISSION_NAMES: readonly string[] = TABLE.map(
  ([permission]) => permission.name,
);

/**
 * True for names in TfPilot's permission namespace (`tfpilot.`), including
 * ones added by a newer TfPilot than this module knows.
 *
 * @public
 */
export function isTfpilotNamespace(name: string): boolean {
  return name.startsWith('tfpilot.');
}

/**
 * What `role` may do with the permission `name`. A `tfpilot.*` permission
 * missing from the table (added by a newer TfPilot) is Admin-only, so an
 * upgrade never widens access.
 *
 * @public
 */
export function grantOf(role: Role | undefined, name: string): Grant {
  if (!role) {
    return 'deny';
  }
  const grants = GRANTS.get(name);
  if (!grants) {
    return role === 'admin' ? 'allow' : 'deny';
  }
  return grants[role];
}

/**
 * Every permission a role may use, at least on some requests.
 *
 * @public
 */
export function permissionsOfRole(role: Role): ReadonlySet<string> {
  return new Set(
    TFPILOT_PERMISSION_NAMES.filter(name => grantOf(role, name) !== 'deny'),
  );
}

/**
 * Role members from config, as normalised (lower-case, full) entity refs.
 *
 * @public
 */
export type RoleMembers = Record<Role, ReadonlySet<string>>;

/** A full, lower-case entity ref, the form roles are compared in. */
export function normaliseRef(ref: string): string {
  return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
}

function normaliseConfiguredRef(ref: string, field: string): string {
  try {
    return normaliseRef(ref);
  } catch {
    throw new Error(
      `${field}: "${ref}" is not an entity ref (expected kind:namespace/name, e.g. group:default/platform)`,
    );
  }
}

/**
 * Reads `tfpilot.rbac.roles`, failing with the field at fault.
 *
 * @public
 */
export function readRoleMembers(config: Config): RoleMembers {
  const members = {} as Record<Role, ReadonlySet<string>>;
  for (const role of ROLES) {
    const field = `tfpilot.rbac.roles.${role}`;
    const refs = config.getOptionalStringArray(field) ?? [];
    members[role] = new Set(
      refs.map(ref => normaliseConfiguredRef(ref, field)),
    );
  }
  return members;
}

/**
 * The most privileged role held through any of the given refs (the user and
 * every group they belong to).
 *
 * @public
 */
export function highestRole(
  members: RoleMembers,
  refs: Iterable<string>,
): Role | undefined {
  const held = new Set<string>();
  for (const ref of refs) {
    held.add(ref.toLocaleLowerCase('en-US'));
  }
  return [...ROLES]
    .reverse()
    .find(role => [...members[role]].some(member => held.has(member)));
}
