import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { formatTarget } from './lib/text';
import {
  ConfigProblem,
  RULE_KINDS,
  RuleConfigError,
  ReadRuleOptions,
} from './rules';
import { problemsOf } from './rules/ruleKind';
import { TfpilotPolicyRule } from './types';

/** The configuration key of the policy engine. */
export const POLICIES_CONFIG_KEY = 'tfpilot.policies';

/** How long a custom rule may take when `customRuleTimeoutSeconds` is not set. */
export const DEFAULT_CUSTOM_RULE_TIMEOUT_SECONDS = 10;

/** `tfpilot.policies` once read. */
export interface PolicyConfig {
  /** The configured rules, in configuration order. */
  rules: TfpilotPolicyRule[];
  customRuleTimeoutMs: number;
}

const policiesSchema = z.strictObject({
  customRuleTimeoutSeconds: z.number().positive().max(600).optional(),
  rules: z.array(z.unknown()).optional(),
});

const KIND_NAMES = [...RULE_KINDS.keys()].join(', ');

/** `tfpilot.policies.rules[2].pattern: message` */
function describeProblem(problem: ConfigProblem): string {
  return `${formatTarget(POLICIES_CONFIG_KEY, ...problem.path)}: ${
    problem.message
  }`;
}

function withPrefix(
  prefix: readonly (string | number)[],
  problems: readonly ConfigProblem[],
): ConfigProblem[] {
  return problems.map(p => ({ ...p, path: [...prefix, ...p.path] }));
}

/** Reads one rule; problems come back with paths from `tfpilot.policies`. */
function readRule(
  raw: unknown,
  index: number,
  options: ReadRuleOptions,
): TfpilotPolicyRule | ConfigProblem[] {
  const at = ['rules', index];
  const type =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? (raw as { type?: unknown }).type
      : undefined;
  const kind = typeof type === 'string' ? RULE_KINDS.get(type) : undefined;
  if (!kind) {
    const message =
      typeof raw !== 'object' || raw === null || Array.isArray(raw)
        ? `must be a rule (an object with a type: ${KIND_NAMES})`
        : `${
            type === undefined
              ? 'missing'
              : `"${String(type)}" is not a rule type`
          }; use one of ${KIND_NAMES}`;
    return [
      {
        path: typeof raw === 'object' && raw !== null ? [...at, 'type'] : at,
        message,
      },
    ];
  }
  try {
    return kind.read(raw, options);
  } catch (error) {
    if (!(error instanceof RuleConfigError)) throw error;
    return withPrefix(at, error.problems);
  }
}

function duplicateIds(rules: readonly (TfpilotPolicyRule | undefined)[]) {
  return rules.flatMap((rule, index): ConfigProblem[] => {
    if (!rule) return [];
    const first = rules.findIndex(other => other?.id === rule.id);
    return first < index
      ? [
          {
            path: ['rules', index, 'id'],
            message: `"${rule.id}" is already the id of rules[${first}]`,
          },
        ]
      : [];
  });
}

/**
 * Reads and checks `tfpilot.policies`. Every problem is reported at once,
 * each naming its exact key, in an InputError thrown at start-up.
 */
export function readPolicyConfig(
  config: Config,
  options: ReadRuleOptions = {},
): PolicyConfig {
  const parsed = policiesSchema.safeParse(
    config.getOptional(POLICIES_CONFIG_KEY) ?? {},
  );
  if (!parsed.success) {
    throw new InputError(
      problemsOf(parsed.error).map(describeProblem).join('; '),
    );
  }
  const problems: ConfigProblem[] = [];
  const rules = (parsed.data.rules ?? []).map((raw, index) => {
    const rule = readRule(raw, index, options);
    if (Array.isArray(rule)) {
      problems.push(...rule);
      return undefined;
    }
    return rule;
  });
  problems.push(...duplicateIds(rules));
  if (problems.length > 0) {
    throw new InputError(problems.map(describeProblem).join('; '));
  }
  return {
    rules: rules.filter((rule): rule is TfpilotPolicyRule => !!rule),
    customRuleTimeoutMs:
      (parsed.data.customRuleTimeoutSeconds ??
        DEFAULT_CUSTOM_RULE_TIMEOUT_SECONDS) * 1000,
  };
}
