import { z } from 'zod';
import { allowedModulesRuleKind, allowedModulesSchema } from './allowedModules';
import { allowedRegionsRuleKind, allowedRegionsSchema } from './allowedRegions';
import {
  maxCostIncreaseRuleKind,
  maxCostIncreaseSchema,
} from './maxCostIncrease';
import { namingRuleKind, namingSchema } from './naming';
import {
  protectedResourcesRuleKind,
  protectedResourcesSchema,
} from './protectedResources';
import { requiredTagsRuleKind, requiredTagsSchema } from './requiredTags';
import { RuleKind } from './ruleKind';
import { resourceTypesRuleKind, resourceTypesSchema } from './resourceTypes';

/** Every built-in kind of rule, keyed by its `type` in app-config. */
export const RULE_KINDS: ReadonlyMap<string, RuleKind> = new Map(
  [
    namingRuleKind,
    requiredTagsRuleKind,
    allowedRegionsRuleKind,
    allowedModulesRuleKind,
    protectedResourcesRuleKind,
    maxCostIncreaseRuleKind,
    resourceTypesRuleKind,
  ].map(kind => [kind.type, kind]),
);

export { RULE_ID_PATTERN, RuleConfigError } from './ruleKind';
export type { ConfigProblem, ReadRuleOptions } from './ruleKind';

/**
 * One entry of `tfpilot.policies.rules`, as written in app-config (fields
 * with defaults optional). See config.d.ts for the documentation of each.
 */
export type PolicyRuleConfig =
  | z.input<typeof namingSchema>
  | z.input<typeof requiredTagsSchema>
  | z.input<typeof allowedRegionsSchema>
  | z.input<typeof allowedModulesSchema>
  | z.input<typeof protectedResourcesSchema>
  | z.input<typeof maxCostIncreaseSchema>
  | z.input<typeof resourceTypesSchema>;

/** `tfpilot.policies` as written in app-config. */
export type TfpilotPoliciesConfig = {
  /** How long a custom rule may take, in seconds (default 10). */
  customRuleTimeoutSeconds?: number;
  rules?: PolicyRuleConfig[];
};
