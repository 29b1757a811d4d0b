import { mockServices } from '@backstage/backend-test-utils';
import {
  developerPromotionSources,
  readPromotionEnvironments,
  readTfpilotRbacConfig,
} from './config';

const config = (tfpilot: object) =>
  mockServices.rootConfig({ data: { tfpilot } });

const sources = (environments?: object[]) =>
  developerPromotionSources(
    readPromotionEnvironments(config(environments ? { environments } : {})),
  );

describe('developer promotion sources', () => {
  it('is dev for the embedded dev, stage, prod (production)', () => {
    expect(
      sources([
        { name: 'dev' },
        { name: 'stage' },
        { name: 'prod', production: true },
      ]),
    ).toEqual(['dev']);
  });

  it("takes the backend's default environments, the last as production, when none are configured", () => {
    expect(readPromotionEnvironments(config({}))).toEqual([
      { name: 'dev', production: false },
      { name: 'stage', production: false },
      { name: 'prod', production: true },
    ]);
    expect(sources()).toEqual(['dev']);
  });

  it('takes the last environment as production when none is flagged', () => {
    expect(
      sources([
        { name: 'dev' },
        { name: 'qa' },
        { name: 'stage' },
        { name: 'live' },
      ]),
    ).toEqual(['dev', 'qa']);
  });

  it('stops before every production environment, wherever it is', () => {
    expect(
      sources([
        { name: 'dev' },
        { name: 'prod-eu', production: true },
        { name: 'sandbox' },
        { name: 'prod-us', production: true },
      ]),
    ).toEqual(['prod-eu']);
  });

  it('is empty for a single environment', () => {
    expect(sources([{ name: 'only' }])).toEqual([]);
  });
});

describe('readTfpilotRbacConfig', () => {
  it('has defaults', () => {
    const rbac = readTfpilotRbacConfig(config({}));
    expect(rbac).toEqual({
      members: {
        viewer: new Set(),
        developer: new Set(),
        approver: new Set(),
        admin: new Set(),
      },
      separationOfDuties: false,
      otherPermissions: undefined,
      membershipCacheSeconds: 30,
    });
  });

  it('reads every key', () => {
    const rbac = readTfpilotRbacConfig(
      config({
        rbac: {
          roles: { admin: ['group:Platform', 'user:default/Jane'] },
          separationOfDuties: true,
          otherPermissions: 'delegate',
          membershipCacheSeconds: 0,
        },
      }),
    );
    expect(rbac).toMatchObject({
      separationOfDuties: true,
      otherPermissions: 'delegate',
      membershipCacheSeconds: 0,
    });
    expect([...rbac.members.admin]).toEqual([
      'group:default/platform',
      'user:default/jane',
    ]);
  });

  it.each([
    [
      { roles: { admin: ['not a ref:'] } },
      /tfpilot\.rbac\.roles\.admin: "not a ref:" is not an entity ref/,
    ],
    [
      { roles: { viewer: ['everyone'] } },
      /tfpilot\.rbac\.roles\.viewer: "everyone" is not an entity ref/,
    ],
    [
      { otherPermissions: 'ALLOW' },
      /tfpilot\.rbac\.otherPermissions: "ALLOW" is not one of allow, deny, delegate/,
    ],
    [
      { membershipCacheSeconds: -1 },
      /tfpilot\.rbac\.membershipCacheSeconds: must be a number of seconds, 0 or more/,
    ],
  ])('names the field at fault in %j', (rbac, message) => {
    expect(() => readTfpilotRbacConfig(config({ rbac }))).toThrow(message);
  });
});
