export { PolicyEngine } from './PolicyEngine';
export type { PolicyEngineOptions } from './PolicyEngine';
export { tfpilotPolicyExtensionPoint } from './extensionPoint';
export type { TfpilotPolicyExtensionPoint } from './extensionPoint';
export { hasBlockingResults } from './runRule';
export {
  DEFAULT_CUSTOM_RULE_TIMEOUT_SECONDS,
  POLICIES_CONFIG_KEY,
} from './readPolicyConfig';
export { examplePolicies } from './examplePolicies';
export { POLICY_PHASES } from './types';
export type {
  PolicyContextOf,
  PolicyEnvironment,
  PolicyPhase,
  PolicyRequest,
  PolicyRuleInfo,
  PolicyRuleOutcome,
  PostPlanPolicyContext,
  PostPlanPolicyRule,
  PrePlanPolicyContext,
  PrePlanPolicyRule,
  TfpilotPolicyRule,
} from './types';
export type { PolicyRuleConfig, TfpilotPoliciesConfig } from './rules';
