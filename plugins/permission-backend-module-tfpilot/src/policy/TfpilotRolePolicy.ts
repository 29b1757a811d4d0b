import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { isTfpilotPermissionName } from '@tfpilot/backstage-plugin-tfpilot-common';
import { highestRole, permissionsOfRole, RoleMembers } from './roles';

/**
 * Decides TfPilot permissions from the user's role. Permissions of other
 * plugins are allowed, as the default app's allow-all policy did.
 */
export class TfpilotRolePolicy implements PermissionPolicy {
  readonly #members: RoleMembers;
  readonly #userInfo: UserInfoService;

  constructor(options: { members: RoleMembers; userInfo: UserInfoService }) {
    this.#members = options.members;
    this.#userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!isTfpilotPermissionName(request.permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      user.credentials,
    );
    const role = highestRole(this.#members, ownershipEntityRefs);
    const allowed =
      role !== undefined &&
      permissionsOfRole(role).has(request.permission.name);
    return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}
