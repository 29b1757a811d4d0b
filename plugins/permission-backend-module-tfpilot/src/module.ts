import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readRoleMembers } from './policy/roles';
import { TfpilotRolePolicy } from './policy/TfpilotRolePolicy';

/**
 * Installs the TfPilot role policy (Viewer, Developer, Approver, Admin) as the
 * permission backend's policy.
 *
 * @public
 */
export const permissionModuleTfpilot = createBackendModule({
  pluginId: 'permission',
  moduleId: 'tfpilot-policy',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, userInfo, policy }) {
        policy.setPolicy(
          new TfpilotRolePolicy({ members: readRoleMembers(config), userInfo }),
        );
      },
    });
  },
});
