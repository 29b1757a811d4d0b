import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { groupEntity, userEntity } from '../__testUtils__/catalogEntities';
import { CatalogMembershipResolver } from './CatalogMembershipResolver';

const credentials = (ref: string) =>
  mockCredentials.user(ref) as BackstageCredentials<BackstageUserPrincipal>;

const org: Entity[] = [
  groupEntity('company'),
  groupEntity('engineering', 'company'),
  groupEntity('platform', 'engineering', 'spec'),
  groupEntity('sre', 'platform', 'relations'),
  groupEntity('guild'),
  userEntity('jane', ['sre']),
  userEntity('joe', ['guild'], 'spec'),
  userEntity('kim', ['platform'], 'relations'),
  userEntity('lone', []),
];

function setUp(
  options: {
    entities?: Entity[];
    signIn?: string[];
    cacheSeconds?: number;
  } = {},
) {
  const catalog = catalogServiceMock({ entities: options.entities ?? org });
  const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
  const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
  const logger = mockServices.logger.mock();
  let now = 1_000_000;
  const resolver = new CatalogMembershipResolver({
    catalog,
    auth: mockServices.auth({ pluginId: 'permission' }),
    userInfo: options.signIn
      ? mockServices.userInfo({ ownershipEntityRefs: options.signIn })
      : mockServices.userInfo(),
    logger,
    cacheSeconds: options.cacheSeconds ?? 30,
    now: () => now,
  });
  return {
    resolver,
    catalog,
    getEntityByRef,
    getEntitiesByRefs,
    logger,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('CatalogMembershipResolver', () => {
  it('follows memberOf and every parent group up the tree', async () => {
    const { resolver } = setUp();
    const membership = await resolver.resolve(credentials('user:default/jane'));
    expect(membership).toEqual({
      userEntityRef: 'user:default/jane',
      ownershipEntityRefs: ['user:default/jane'],
      membershipRefs: expect.arrayContaining([
        'user:default/jane',
        'group:default/sre',
        'group:default/platform',
        'group:default/engineering',
        'group:default/company',
      ]),
      complete: true,
    });
    expect(membership.membershipRefs).toHaveLength(5);
  });

  it('reads spec.memberOf when relations are absent, and relations alone', async () => {
    const { resolver } = setUp();
    await expect(
      resolver.resolve(credentials('user:default/joe')),
    ).resolves.toMatchObject({
      membershipRefs: ['user:default/joe', 'group:default/guild'],
    });
    const kim = await resolver.resolve(credentials('user:default/kim'));
    expect([...kim.membershipRefs].sort()).toEqual([
      'group:default/company',
      'group:default/engineering',
      'group:default/platform',
      'user:default/kim',
    ]);
  });

  it('also follows the parents of groups from the sign-in token', async () => {
    const { resolver } = setUp({
      signIn: ['user:default/lone', 'group:default/platform'],
    });
    const membership = await resolver.resolve(credentials('user:default/lone'));
    expect(membership.ownershipEntityRefs).toEqual([
      'user:default/lone',
      'group:default/platform',
    ]);
    expect([...membership.membershipRefs].sort()).toEqual([
      'group:default/company',
      'group:default/engineering',
      'group:default/platform',
      'user:default/lone',
    ]);
  });

  it('keeps the sign-in refs of a user missing from the catalog', async () => {
    const { resolver } = setUp({
      signIn: ['user:default/ghost', 'group:default/contractors'],
    });
    await expect(
      resolver.resolve(credentials('user:default/ghost')),
    ).resolves.toEqual({
      userEntityRef: 'user:default/ghost',
      ownershipEntityRefs: ['user:default/ghost', 'group:default/contractors'],
      membershipRefs: ['user:default/ghost', 'group:default/contractors'],
      complete: true,
    });
  });

  it('stops on cycles in the group tree', async () => {
    const { resolver } = setUp({
      entities: [
        groupEntity('a', 'b'),
        groupEntity('b', 'a'),
        userEntity('cy', ['a']),
      ],
    });
    const membership = await resolver.resolve(credentials('user:default/cy'));
    expect([...membership.membershipRefs].sort()).toEqual([
      'group:default/a',
      'group:default/b',
      'user:default/cy',
    ]);
  });

  it("reads the catalog with the permission plugin's own credentials", async () => {
    const { resolver, getEntityByRef, getEntitiesByRefs } = setUp();
    await resolver.resolve(credentials('user:default/jane'));
    const service = {
      credentials: mockCredentials.service('plugin:permission'),
    };
    expect(getEntityByRef).toHaveBeenCalledWith('user:default/jane', service);
    expect(getEntitiesByRefs).toHaveBeenCalledWith(
      expect.objectContaining({ entityRefs: ['group:default/sre'] }),
      service,
    );
  });

  it('caches briefly, per user', async () => {
    const { resolver, getEntityByRef, advance } = setUp({ cacheSeconds: 30 });
    await resolver.resolve(credentials('user:default/jane'));
    await resolver.resolve(credentials('user:default/jane'));
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    await resolver.resolve(credentials('user:default/kim'));
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
    advance(30_001);
    await resolver.resolve(credentials('user:default/jane'));
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it('does not cache with cacheSeconds 0', async () => {
    const { resolver, getEntityByRef } = setUp({ cacheSeconds: 0 });
    await resolver.resolve(credentials('user:default/jane'));
    await resolver.resolve(credentials('user:default/jane'));
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('fails closed to what it could prove when the catalog fails, and retries next time', async () => {
    const { resolver, getEntitiesByRefs, getEntityByRef, logger } = setUp({
      signIn: ['user:default/jane', 'group:default/guild'],
    });
    getEntitiesByRefs.mockRejectedValueOnce(new Error('catalog unavailable'));

    const first = await resolver.resolve(credentials('user:default/jane'));
    // The user entity was read (sre); its parents could not be.
    expect(first.complete).toBe(false);
    expect([...first.membershipRefs].sort()).toEqual([
      'group:default/guild',
      'group:default/sre',
      'user:default/jane',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Could not resolve the groups of user:default/jane through the catalog',
      ),
    );

    const second = await resolver.resolve(credentials('user:default/jane'));
    expect(second.complete).toBe(true);
    expect(second.membershipRefs).toContain('group:default/company');
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('falls back to the sign-in refs when the user entity cannot be read', async () => {
    const { resolver, getEntityByRef } = setUp({
      signIn: ['user:default/jane', 'group:default/team-x'],
    });
    getEntityByRef.mockRejectedValueOnce(new Error('403'));
    await expect(
      resolver.resolve(credentials('user:default/jane')),
    ).resolves.toMatchObject({
      membershipRefs: ['user:default/jane', 'group:default/team-x'],
      complete: false,
    });
  });
});
