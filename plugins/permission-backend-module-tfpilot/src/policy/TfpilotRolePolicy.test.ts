import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  tfpilotAdminPermission,
  tfpilotRequestApplyPermission,
  tfpilotRequestApprovePermission,
  tfpilotRequestCreatePermission,
  tfpilotRequestDestroyPermission,
  tfpilotRequestReadPermission,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { readRoleMembers } from './roles';
import { TfpilotRolePolicy } from './TfpilotRolePolicy';

const members = readRoleMembers(
  new ConfigReader({
    tfpilot: {
      rbac: {
        roles: {
          viewer: ['group:default/everyone'],
          developer: ['group:default/team-a'],
          approver: ['user:default/lead'],
          admin: ['group:platform'],
        },
      },
    },
  }),
);

// The catalog's view of each user: their own ref plus their groups.
const ownership: Record<string, string[]> = {
  'user:default/viewer': ['user:default/viewer', 'group:default/everyone'],
  'user:default/dev': ['user:default/dev', 'group:default/Team-A'],
  'user:default/lead': ['user:default/lead', 'group:default/team-a'],
  'user:default/ops': ['user:default/ops', 'group:default/platform'],
  'user:default/stranger': ['user:default/stranger'],
};

const policy = new TfpilotRolePolicy({
  members,
  userInfo: {
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: ownership[ref] ?? [] };
    },
  },
});

async function decide(userRef: string, permission: { name: string }) {
  const credentials = mockCredentials.user(userRef);
  const decision = await policy.handle(
    { permission: permission as typeof tfpilotAdminPermission },
    {
      credentials,
      info: { userEntityRef: userRef, ownershipEntityRefs: [] },
    },
  );
  return decision.result;
}

describe('TfpilotRolePolicy', () => {
  const { ALLOW, DENY } = AuthorizeResult;

  it.each([
    ['user:default/viewer', tfpilotRequestReadPermission, ALLOW],
    ['user:default/viewer', tfpilotRequestCreatePermission, DENY],
    ['user:default/dev', tfpilotRequestCreatePermission, ALLOW],
    ['user:default/dev', tfpilotRequestApprovePermission, DENY],
    ['user:default/lead', tfpilotRequestApprovePermission, ALLOW],
    ['user:default/lead', tfpilotRequestApplyPermission, ALLOW],
    ['user:default/lead', tfpilotRequestDestroyPermission, DENY],
    ['user:default/ops', tfpilotRequestDestroyPermission, ALLOW],
    ['user:default/ops', tfpilotAdminPermission, ALLOW],
    ['user:default/stranger', tfpilotRequestReadPermission, DENY],
  ])('%s on %s -> %s', async (user, permission, expected) => {
    await expect(decide(user, permission)).resolves.toBe(expected);
  });

  it("leaves other plugins' permissions allowed", async () => {
    const catalogRead = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });
    await expect(decide('user:default/stranger', catalogRead)).resolves.toBe(
      ALLOW,
    );
  });

  it('denies TfPilot permissions to callers without a user', async () => {
    const decision = await policy.handle({
      permission: tfpilotRequestReadPermission,
    });
    expect(decision.result).toBe(DENY);
  });

  it('names the field of a malformed role member', () => {
    expect(() =>
      readRoleMembers(
        mockServices.rootConfig({
          data: { tfpilot: { rbac: { roles: { admin: ['not a ref:'] } } } },
        }),
      ),
    ).toThrow(/tfpilot\.rbac\.roles\.admin: "not a ref:" is not an entity ref/);
  });
});
