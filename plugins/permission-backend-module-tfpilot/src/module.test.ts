import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionBackend from '@backstage/plugin-permission-backend';
import request from 'supertest';
import { groupEntity, userEntity } from './__testUtils__/catalogEntities';
import { tfpilotPermissionPolicyExtensionPoint } from './extensionPoint';
import { permissionModuleTfpilot } from './module';

/** The app's own policy: catalog reads only. */
class CompanyPolicy implements PermissionPolicy {
  async handle(query: { permission: { name: string } }) {
    return {
      result:
        query.permission.name === 'catalog.entity.read'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    } as const;
  }
}

function delegateModule(moduleId: string, policy: PermissionPolicy) {
  return createBackendModule({
    pluginId: 'permission',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { tfpilot: tfpilotPermissionPolicyExtensionPoint },
        async init({ tfpilot }) {
          tfpilot.setDelegate(policy);
        },
      });
    },
  });
}

const entities = [
  groupEntity('developers'),
  userEntity('dana', ['developers']),
];

function start(
  rbac: object,
  extra: Parameters<typeof startTestBackend>[0]['features'] = [],
) {
  return startTestBackend({
    features: [
      permissionBackend,
      permissionModuleTfpilot,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          tfpilot: {
            rbac: {
              roles: { developer: ['group:default/developers'] },
              ...rbac,
            },
          },
        },
      }),
      ...extra,
    ],
  });
}

const basic = (id: string, name: string) => ({
  id,
  permission: { type: 'basic', name, attributes: {} },
});

async function authorize(
  server: Awaited<ReturnType<typeof start>>['server'],
  user: string,
) {
  const response = await request(server)
    .post('/api/permission/authorize')
    .set('Authorization', mockCredentials.user.header(user))
    .send({
      items: [
        basic('catalog-read', 'catalog.entity.read'),
        basic('catalog-create', 'catalog.entity.create'),
        basic('tfpilot-create', 'tfpilot.request.create'),
      ],
    });
  expect(response.status).toBe(200);
  return Object.fromEntries(
    (response.body.items as { id: string; result: string }[]).map(i => [
      i.id,
      i.result,
    ]),
  );
}

describe('permissionModuleTfpilot', () => {
  it('decides TfPilot permissions by role and hands the rest to the delegate set through its extension point', async () => {
    const { server } = await start({}, [
      delegateModule('company-policy', new CompanyPolicy()),
    ]);

    await expect(authorize(server, 'user:default/dana')).resolves.toEqual({
      'catalog-read': 'ALLOW',
      'catalog-create': 'DENY',
      'tfpilot-create': 'ALLOW',
    });
    await expect(authorize(server, 'user:default/nobody')).resolves.toEqual({
      'catalog-read': 'ALLOW',
      'catalog-create': 'DENY',
      'tfpilot-create': 'DENY',
    });
  });

  it.each([
    ['allow', 'ALLOW'],
    ['deny', 'DENY'],
  ])(
    'applies otherPermissions: %s without a delegate',
    async (otherPermissions, result) => {
      const { server } = await start({ otherPermissions });
      await expect(authorize(server, 'user:default/nobody')).resolves.toEqual({
        'catalog-read': result,
        'catalog-create': result,
        'tfpilot-create': 'DENY',
      });
    },
  );

  it('logs its decisions at start-up', async () => {
    const logger = mockServices.logger.mock();
    await start({ otherPermissions: 'deny' }, [logger.factory]);
    expect(logger.info).toHaveBeenCalledWith(
      'TfPilot permission policy: permissions of other plugins are denied to every caller (tfpilot.rbac.otherPermissions: deny)',
    );
  });

  it('refuses to start with delegate but no delegate module', async () => {
    await expect(start({ otherPermissions: 'delegate' })).rejects.toThrow(
      /tfpilot\.rbac\.otherPermissions: "delegate" needs a delegate policy/,
    );
  });

  it('refuses to start when a delegate is installed but otherPermissions says allow', async () => {
    await expect(
      start({ otherPermissions: 'allow' }, [
        delegateModule('company-policy', new CompanyPolicy()),
      ]),
    ).rejects.toThrow(/"allow" conflicts with the delegate policy/);
  });

  it('accepts one delegate only', async () => {
    await expect(
      start({}, [
        delegateModule('first', new CompanyPolicy()),
        delegateModule('second', new CompanyPolicy()),
      ]),
    ).rejects.toThrow(/already has a delegate \(CompanyPolicy\)/);
  });
});
