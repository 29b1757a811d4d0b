import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { tfpilotPermissionPolicyExtensionPoint } from './extensionPoint';
import { createTfpilotPermissionPolicy } from './policy/TfpilotPermissionPolicy';

/**
 * Installs the TfPilot role policy (Viewer, Developer, Approver, Admin) as the
 * permission backend's policy. Other plugins' permissions follow
 * `tfpilot.rbac.otherPermissions`; a delegate policy can be set through
 * {@link tfpilotPermissionPolicyExtensionPoint}.
 *
 * @public
 */
export const permissionModuleTfpilot = createBackendModule({
  pluginId: 'permission',
  moduleId: 'tfpilot-policy',
  register(env) {
    let delegate: { policy: PermissionPolicy; name?: string } | undefined;
    let initialised = false;
    env.registerExtensionPoint(tfpilotPermissionPolicyExtensionPoint, {
      setDelegate(policy, options) {
        if (initialised) {
          throw new Error(
            'The TfPilot policy is already built: set its delegate during the init of a permission module',
          );
        }
        if (delegate) {
          throw new Error(
            `The TfPilot policy already has a delegate (${
              delegate.name ?? delegate.policy.constructor.name
            }); only one can be set`,
          );
        }
        delegate = { policy, name: options?.name };
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        policy: policyExtensionPoint,
      },
      async init({ config, logger, userInfo, auth, catalog, policy }) {
        initialised = true;
        policy.setPolicy(
          createTfpilotPermissionPolicy({
            config,
            logger,
            userInfo,
            auth,
            catalog,
            delegate: delegate?.policy,
            delegateName: delegate?.name,
          }),
        );
      },
    });
  },
});
