import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { TfpilotPolicyRule } from './types';

/** Lets backend modules add policy rules to the TfPilot backend. */
export interface TfpilotPolicyExtensionPoint {
  /**
   * Adds a rule, evaluated after the rules of `tfpilot.policies.rules`, in
   * the order rules were added. Its id must not be used by another rule.
   */
  addRule(rule: TfpilotPolicyRule): void;
}

/**
 * Extension point of the TfPilot backend plugin for custom policy rules.
 *
 * @example
 * ```ts
 * createBackendModule({
 *   pluginId: 'tfpilot',
 *   moduleId: 'acme-policies',
 *   register(env) {
 *     env.registerInit({
 *       deps: { policies: tfpilotPolicyExtensionPoint },
 *       async init({ policies }) {
 *         policies.addRule(ownerMustBeGroupRule);
 *       },
 *     });
 *   },
 * });
 * ```
 */
export const tfpilotPolicyExtensionPoint =
  createExtensionPoint<TfpilotPolicyExtensionPoint>({
    id: 'tfpilot.policies',
  });
