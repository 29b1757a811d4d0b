import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
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
import { groupEntity, userEntity } from '../__testUtils__/catalogEntities';
import { OtherPermissions } from '../config';
import {
  MembershipResolver,
  TfpilotMembership,
} from '../membership/CatalogMembershipResolver';
import { readRoleMembers, ROLES } from './roles';
import {
  createTfpilotPermissionPolicy,
  TfpilotPermissionPolicy,
} from './TfpilotPermissionPolicy';

const { ALLOW, DENY, CONDITIONAL } = AuthorizeResult;

const members = readRoleMembers(
  mockServices.rootConfig({
    data: {
      tfpilot: {
        rbac: {
          roles: {
            viewer: ['group:default/everyone'],
            developer: ['group:default/Team-A'],
            approver: ['user:default/lead'],
            admin: ['group:platform'],
          },
        },
      },
    },
  }),
);

/** Membership as the resolver would report it. */
const memberships: Record<string, string[]> = {
  'user:default/viewer': ['group:default/everyone'],
  'user:default/dev': ['group:default/team-a'],
  'user:default/lead': ['group:default/team-a'],
  'user:default/ops': ['group:default/platform'],
  'user:default/stranger': [],
};

const fixedMembership: MembershipResolver = {
  async resolve(credentials) {
    const userEntityRef = credentials.principal.userEntityRef;
    const groups = memberships[userEntityRef] ?? [];
    return {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef],
      membershipRefs: [userEntityRef, ...groups],
      complete: true,
    } satisfies TfpilotMembership;
  },
};

function policy(
  options: {
    separationOfDuties?: boolean;
    otherPermissions?: OtherPermissions;
    delegate?: PermissionPolicy;
    sources?: string[];
  } = {},
) {
  return new TfpilotPermissionPolicy({
    members,
    separationOfDuties: options.separationOfDuties ?? false,
    developerPromotionSources: options.sources ?? ['dev'],
    membership: fixedMembership,
    otherPermissions: options.otherPermissions ?? 'allow',
    delegate: options.delegate,
  });
}

function userOf(ref: string): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [ref] },
  };
}

const decide = (
  p: PermissionPolicy,
  permission: Permission,
  user?: string,
): Promise<PolicyDecision> =>
  p.handle({ permission }, user ? userOf(user) : undefined);

// Expected outcome, written out independently of the role table.
type Expect = 'A' | 'D' | 'OWN' | 'PROMOTE' | 'NOT_OWN';

const EXPECTED: Array<
  [Permission, Record<'none' | (typeof ROLES)[number], Expect>]
> = [
  [
    tfpilotRequestReadPermission,
    { none: 'D', viewer: 'A', developer: 'A', approver: 'A', admin: 'A' },
  ],
  [
    tfpilotLogsReadPermission,
    { none: 'D', viewer: 'A', developer: 'A', approver: 'A', admin: 'A' },
  ],
  [
    tfpilotMetricsReadPermission,
    { none: 'D', viewer: 'A', developer: 'A', approver: 'A', admin: 'A' },
  ],
  [
    tfpilotRequestCreatePermission,
    { none: 'D', viewer: 'D', developer: 'A', approver: 'A', admin: 'A' },
  ],
  [
    tfpilotRequestPlanPermission,
    { none: 'D', viewer: 'D', developer: 'OWN', approver: 'A', admin: 'A' },
  ],
  [
    tfpilotRequestCancelPermission,
    { none: 'D', viewer: 'D', developer: 'OWN', approver: 'A', admin: 'A' },
  ],
  [
    tfpilotRequestPromotePermission,
    { none: 'D', viewer: 'D', developer: 'PROMOTE', approver: 'A', admin: 'A' },
  ],
  [
    tfpilotRequestApprovePermission,
    { none: 'D', viewer: 'D', developer: 'D', approver: 'A', admin: 'A' },
  ],
  [
    tfpilotRequestApplyPermission,
    { none: 'D', viewer: 'D', developer: 'D', approver: 'A', admin: 'A' },
  ],
  [
    tfpilotRequestDestroyPermission,
    { none: 'D', viewer: 'D', developer: 'D', approver: 'D', admin: 'A' },
  ],
  [
    tfpilotDriftCheckPermission,
    { none: 'D', viewer: 'D', developer: 'D', approver: 'D', admin: 'A' },
  ],
  [
    tfpilotAdminPermission,
    { none: 'D', viewer: 'D', developer: 'D', approver: 'D', admin: 'A' },
  ],
];

function permissionNamed(name: string): Permission {
  const found = tfpilotPermissions.find(p => p.name === name);
  if (!found) throw new Error(`no permission ${name}`);
  return found;
}

const USER_OF_ROLE = {
  none: 'user:default/stranger',
  viewer: 'user:default/viewer',
  developer: 'user:default/dev',
  approver: 'user:default/lead',
  admin: 'user:default/ops',
};

const owner = (claims: string[]) => ({
  rule: 'IS_OWNER',
  resourceType: 'tfpilot-request',
  params: { claims },
});

function expectedDecision(expect: Expect, user: string): PolicyDecision {
  const conditional = (conditions: object) =>
    ({
      result: CONDITIONAL,
      pluginId: 'tfpilot',
      resourceType: 'tfpilot-request',
      conditions,
    } as PolicyDecision);
  switch (expect) {
    case 'A':
      return { result: ALLOW };
    case 'D':
      return { result: DENY };
    case 'OWN':
      return conditional(owner([user]));
    case 'NOT_OWN':
      return conditional({ not: owner([user]) });
    default:
      return conditional({
        rule: 'IS_IN_ENVIRONMENT',
        resourceType: 'tfpilot-request',
        params: { environments: ['dev'] },
      });
  }
}

describe('TfpilotPermissionPolicy', () => {
  it('covers every TfPilot permission', () => {
    expect(EXPECTED.map(([p]) => p.name).sort()).toEqual(
      tfpilotPermissions.map(p => p.name).sort(),
    );
  });

  describe.each(['none', ...ROLES] as const)('role %s', role => {
    it.each(
      EXPECTED.map(
        ([permission, byRole]) =>
          [permission.name, permission, byRole[role]] as const,
      ),
    )('%s', async (_name, permission, expected) => {
      const user = USER_OF_ROLE[role];
      await expect(decide(policy(), permission, user)).resolves.toEqual(
        expectedDecision(expected, user),
      );
    });
  });

  describe('with separation of duties', () => {
    const sod = policy({ separationOfDuties: true });

    it.each([
      ['approver', 'tfpilot.request.approve', 'NOT_OWN'],
      ['approver', 'tfpilot.request.apply', 'NOT_OWN'],
      ['admin', 'tfpilot.request.approve', 'NOT_OWN'],
      ['admin', 'tfpilot.request.apply', 'NOT_OWN'],
      ['developer', 'tfpilot.request.approve', 'D'],
      ['viewer', 'tfpilot.request.apply', 'D'],
      ['none', 'tfpilot.request.approve', 'D'],
      // Only approve and apply are separated.
      ['approver', 'tfpilot.request.plan', 'A'],
      ['admin', 'tfpilot.request.destroy', 'A'],
      ['developer', 'tfpilot.request.cancel', 'OWN'],
    ] as const)('%s on %s -> %s', async (role, name, expected) => {
      const user = USER_OF_ROLE[role];
      const permission = permissionNamed(name);
      await expect(decide(sod, permission, user)).resolves.toEqual(
        expectedDecision(expected, user),
      );
    });
  });

  it('denies developer promotion when every next environment is production', async () => {
    await expect(
      decide(
        policy({ sources: [] }),
        tfpilotRequestPromotePermission,
        'user:default/dev',
      ),
    ).resolves.toEqual({ result: DENY });
  });

  it('gives a TfPilot permission it does not know (newer TfPilot) to admins only', async () => {
    const future = createPermission({
      name: 'tfpilot.request.archive',
      attributes: { action: 'update' },
      resourceType: 'tfpilot-request',
    });
    await expect(decide(policy(), future, 'user:default/ops')).resolves.toEqual(
      { result: ALLOW },
    );
    await expect(
      decide(policy(), future, 'user:default/lead'),
    ).resolves.toEqual({ result: DENY });
  });

  it('denies TfPilot permissions to callers without a user', async () => {
    await expect(
      decide(policy(), tfpilotRequestReadPermission),
    ).resolves.toEqual({ result: DENY });
    await expect(
      policy().handle(
        { permission: tfpilotRequestReadPermission },
        {
          credentials: mockCredentials.service() as BackstageCredentials,
          info: { userEntityRef: 'user:default/x', ownershipEntityRefs: [] },
        },
      ),
    ).resolves.toEqual({ result: DENY });
  });

  it('reports the role of a user', async () => {
    const credentials = mockCredentials.user(
      'user:default/lead',
    ) as BackstageCredentials<BackstageUserPrincipal>;
    await expect(policy().roleOf(credentials)).resolves.toBe('approver');
  });

  describe("other plugins' permissions", () => {
    const catalogRead = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
      resourceType: 'catalog-entity',
    });
    const scaffolderExecute = createPermission({
      name: 'scaffolder.action.execute',
      attributes: {},
    });

    it('allows them with otherPermissions: allow', async () => {
      const p = policy({ otherPermissions: 'allow' });
      await expect(decide(p, catalogRead)).resolves.toEqual({ result: ALLOW });
      await expect(
        decide(p, catalogRead, 'user:default/stranger'),
      ).resolves.toEqual({ result: ALLOW });
    });

    it('denies them with otherPermissions: deny', async () => {
      const p = policy({ otherPermissions: 'deny' });
      await expect(decide(p, catalogRead, 'user:default/ops')).resolves.toEqual(
        { result: DENY },
      );
    });

    it('hands them to the delegate, unchanged, with otherPermissions: delegate', async () => {
      const calls: Array<[PolicyQuery, PolicyQueryUser | undefined]> = [];
      const catalogConditional: PolicyDecision = {
        result: CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['user:default/stranger'] },
        },
      };
      const delegate: PermissionPolicy = {
        async handle(request, user) {
          calls.push([request, user]);
          if (request.permission.name === 'catalog.entity.read') {
            return catalogConditional;
          }
          return { result: DENY };
        },
      };
      const p = policy({ otherPermissions: 'delegate', delegate });
      const user = userOf('user:default/stranger');

      await expect(
        p.handle({ permission: catalogRead }, user),
      ).resolves.toEqual(catalogConditional);
      await expect(
        p.handle({ permission: scaffolderExecute }, user),
      ).resolves.toEqual({ result: DENY });
      expect(calls).toEqual([
        [{ permission: catalogRead }, user],
        [{ permission: scaffolderExecute }, user],
      ]);

      // The unknown user still gets nothing from TfPilot, and the delegate
      // is never asked about TfPilot permissions.
      await expect(
        p.handle({ permission: tfpilotRequestReadPermission }, user),
      ).resolves.toEqual({ result: DENY });
      expect(calls).toHaveLength(2);
    });

    it('refuses delegate without a delegate', () => {
      expect(() => policy({ otherPermissions: 'delegate' })).toThrow(
        /no delegate policy was given/,
      );
    });
  });
});

describe('createTfpilotPermissionPolicy', () => {
  const config = (rbac: object, extra: object = {}) =>
    mockServices.rootConfig({
      data: {
        tfpilot: {
          environments: [
            { name: 'dev' },
            { name: 'stage' },
            { name: 'prod', production: true },
          ],
          rbac: {
            roles: {
              viewer: ['group:default/everyone'],
              developer: ['group:default/developers'],
              approver: ['group:default/platform'],
              admin: ['user:default/root'],
            },
            ...rbac,
          },
          ...extra,
        },
      },
    });

  const catalog = catalogServiceMock({
    entities: [
      groupEntity('everyone'),
      groupEntity('developers', 'everyone'),
      groupEntity('frontend', 'developers'),
      groupEntity('platform', 'everyone'),
      userEntity('fred', ['frontend']),
      userEntity('pat', ['platform']),
    ],
  });

  function create(
    rbac: object,
    delegate?: PermissionPolicy,
    logger = mockServices.logger.mock(),
  ) {
    const created = createTfpilotPermissionPolicy({
      config: config(rbac),
      logger,
      userInfo: mockServices.userInfo(),
      auth: mockServices.auth({ pluginId: 'permission' }),
      catalog,
      delegate,
    });
    return { created, logger };
  }

  const catalogCreate = createPermission({
    name: 'catalog.entity.create',
    attributes: { action: 'create' },
  });

  it('resolves roles through nested catalog groups', async () => {
    const { created } = create({ otherPermissions: 'deny' });
    // fred: frontend -> developers (developer); everyone makes him a viewer too.
    await expect(
      decide(created, tfpilotRequestCreatePermission, 'user:default/fred'),
    ).resolves.toEqual({ result: ALLOW });
    await expect(
      decide(created, tfpilotRequestApprovePermission, 'user:default/fred'),
    ).resolves.toEqual({ result: DENY });
    await expect(
      decide(created, tfpilotRequestApprovePermission, 'user:default/pat'),
    ).resolves.toEqual({ result: ALLOW });
    // Not in the catalog, no role.
    await expect(
      decide(created, tfpilotRequestReadPermission, 'user:default/ghost'),
    ).resolves.toEqual({ result: DENY });
  });

  it('promotes from dev only, for developers, with dev/stage/prod', async () => {
    const { created } = create({ otherPermissions: 'deny' });
    await expect(
      decide(created, tfpilotRequestPromotePermission, 'user:default/fred'),
    ).resolves.toMatchObject({
      result: CONDITIONAL,
      conditions: {
        rule: 'IS_IN_ENVIRONMENT',
        params: { environments: ['dev'] },
      },
    });
  });

  it('logs the roles, separation of duties and what happens to other permissions', () => {
    const { logger } = create({
      otherPermissions: 'allow',
      separationOfDuties: true,
    });
    const lines = logger.info.mock.calls.map(([message]) => message);
    expect(lines).toEqual([
      'TfPilot permission policy. Roles: viewer: group:default/everyone; developer: group:default/developers; approver: group:default/platform; admin: user:default/root',
      'TfPilot permission policy: separation of duties on (nobody approves or applies their own request); developers may promote from dev; group membership cached for 30 s',
      'TfPilot permission policy: permissions of other plugins are allowed for every caller (tfpilot.rbac.otherPermissions: allow)',
    ]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('allows other permissions when the setting is absent and there is no delegate, with a warning', async () => {
    const { created, logger } = create({});
    await expect(
      decide(created, catalogCreate, 'user:default/ghost'),
    ).resolves.toEqual({ result: ALLOW });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^tfpilot\.rbac\.otherPermissions is not set: permissions of other plugins .* are ALLOWED for every caller/,
      ),
    );
  });

  it('delegates when the setting is absent and a delegate is given', async () => {
    class CompanyPolicy implements PermissionPolicy {
      async handle(): Promise<PolicyDecision> {
        return { result: DENY };
      }
    }
    const { created, logger } = create({}, new CompanyPolicy());
    await expect(
      decide(created, catalogCreate, 'user:default/pat'),
    ).resolves.toEqual({ result: DENY });
    expect(logger.info).toHaveBeenCalledWith(
      'TfPilot permission policy: permissions of other plugins are delegated to CompanyPolicy (tfpilot.rbac.otherPermissions not set)',
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('refuses delegate without a delegate, and allow/deny with one', () => {
    expect(() => create({ otherPermissions: 'delegate' })).toThrow(
      /tfpilot\.rbac\.otherPermissions: "delegate" needs a delegate policy/,
    );
    const delegate: PermissionPolicy = {
      handle: async () => ({ result: ALLOW }),
    };
    expect(() => create({ otherPermissions: 'deny' }, delegate)).toThrow(
      /tfpilot\.rbac\.otherPermissions: "deny" conflicts with the delegate policy/,
    );
  });

  it('names a bad setting', () => {
    expect(() => create({ otherPermissions: 'maybe' })).toThrow(
      'tfpilot.rbac.otherPermissions: "maybe" is not one of allow, deny, delegate',
    );
  });
});
