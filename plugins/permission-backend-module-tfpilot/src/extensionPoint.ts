import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { PermissionPolicy } from '@backstage/plugin-permission-node';

/**
 * Lets another module of the permission plugin hand the TfPilot policy the
 * policy that decides every non-TfPilot permission (catalog, scaffolder, ...).
 *
 * @public
 */
export interface TfpilotPermissionPolicyExtensionPoint {
  /**
   * Sets the policy for permissions of other plugins. Can be called once,
   * during the init of a module; `tfpilot.rbac.otherPermissions` must then be
   * `delegate` or unset.
   *
   * @param policy - the app's own policy
   * @param options - `name` shown in the start-up log (default: class name)
   */
  setDelegate(policy: PermissionPolicy, options?: { name?: string }): void;
}

/**
 * Extension point of `@tfpilot/backstage-plugin-permission-backend-module-tfpilot`:
 *
 * ```ts
 * createBackendModule({
 *   pluginId: 'permission',
 *   moduleId: 'my-delegate',
 *   register(env) {
 *     env.registerInit({
 *       deps: { tfpilot: tfpilotPermissionPolicyExtensionPoint },
 *       async init({ tfpilot }) {
 *         tfpilot.setDelegate(new MyCompanyPolicy());
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const tfpilotPermissionPolicyExtensionPoint =
  createExtensionPoint<TfpilotPermissionPolicyExtensionPoint>({
    id: 'permission.tfpilot-policy',
  });
