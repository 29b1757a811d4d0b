import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PolicyResult } from '@tfpilot/backstage-plugin-tfpilot-common';
import { readTfpilotEnvironments } from '../config';
import { frozenCopy } from './lib/frozenCopy';
import { readPolicyConfig } from './readPolicyConfig';
import { RULE_ID_PATTERN } from './rules';
import { hasBlockingResults, ruleFailureResult, runRule } from './runRule';
import {
  POLICY_PHASES,
  PolicyContextOf,
  PolicyPhase,
  PolicyRuleInfo,
  PostPlanPolicyContext,
  PrePlanPolicyContext,
  TfpilotPolicyRule,
} from './types';

/** Options of {@link PolicyEngine.fromConfig}. */
export interface PolicyEngineOptions {
  /** Rules added through `tfpilotPolicyExtensionPoint`, in the order added. */
  customRules?: readonly TfpilotPolicyRule[];
  /**
   * Environment names rules may list in `environments`. Defaults to the
   * names of `tfpilot.environments`, else TfPilot's default environments.
   */
  environments?: readonly string[];
  /** Where rules that fail to run are reported, with their error. */
  logger?: LoggerService;
}

interface LoadedRule {
  rule: TfpilotPolicyRule;
  source: PolicyRuleInfo['source'];
}

/** The environment names of `tfpilot.environments`, as the backend reads them. */
function configuredEnvironments(config: Config): string[] {
  return readTfpilotEnvironments(config).map(environment => environment.name);
}

/** What is wrong with a custom rule, or undefined. */
function customRuleProblem(
  rule: unknown,
  takenIds: ReadonlySet<string>,
): string | undefined {
  if (typeof rule !== 'object' || rule === null) return 'not a rule object';
  const { id, phase, evaluate } = rule as Record<string, unknown>;
  if (typeof id !== 'string' || !RULE_ID_PATTERN.test(id)) {
    return 'id must be lower-case letters, digits, ".", "_" and "-", at most 64 characters';
  }
  if (takenIds.has(id)) return `id "${id}" is already used by another rule`;
  if (!POLICY_PHASES.includes(phase as PolicyPhase)) {
    return `phase must be one of ${POLICY_PHASES.join(', ')}`;
  }
  return typeof evaluate === 'function'
    ? undefined
    : 'evaluate must be a function';
}

/** Checks custom rules at start-up, so a broken module stops the backend. */
function checkCustomRules(
  rules: readonly TfpilotPolicyRule[],
  configuredIds: readonly string[],
): void {
  const taken = new Set(configuredIds);
  rules.forEach((rule, index) => {
    const problem = customRuleProblem(rule, taken);
    if (problem) {
      const id = typeof rule?.id === 'string' ? ` "${rule.id}"` : '';
      throw new InputError(
        `custom policy rule #${
          index + 1
        }${id} (added through tfpilotPolicyExtensionPoint): ${problem}`,
      );
    }
    taken.add(rule.id);
  });
}

/**
 * The policy engine: the rules of `tfpilot.policies` followed by custom
 * rules, evaluated on a request before planning (`pre-plan`) and on its plan
 * summary and cost (`post-plan`). Every rule runs, and all results come
 * back at once, in rule order and, within a rule, in the order of inputs,
 * tags or plan changes. A rule that cannot run yields one blocking error.
 */
export class PolicyEngine {
  readonly #rules: readonly LoadedRule[];
  readonly #customRuleTimeoutMs: number;
  readonly #logger?: LoggerService;

  private constructor(options: {
    rules: readonly LoadedRule[];
    customRuleTimeoutMs: number;
    logger?: LoggerService;
  }) {
    this.#rules = options.rules;
    this.#customRuleTimeoutMs = options.customRuleTimeoutMs;
    this.#logger = options.logger;
  }

  /**
   * Reads `tfpilot.policies` and checks the custom rules. Throws an
   * InputError naming each wrong key (`tfpilot.policies.rules[2].pattern:
   * …`) or custom rule, so that a mistake stops the backend at start-up.
   */
  static fromConfig(
    config: Config,
    options: PolicyEngineOptions = {},
  ): PolicyEngine {
    const environments = options.environments ?? configuredEnvironments(config);
    const policies = readPolicyConfig(config, { environments });
    const customRules = options.customRules ?? [];
    checkCustomRules(
      customRules,
      policies.rules.map(rule => rule.id),
    );
    return new PolicyEngine({
      rules: [
        ...policies.rules.map(rule => ({ rule, source: 'config' as const })),
        ...customRules.map(rule => ({ rule, source: 'custom' as const })),
      ],
      customRuleTimeoutMs: policies.customRuleTimeoutMs,
      logger: options.logger,
    });
  }

  /** The rules, in evaluation order. */
  listRules(): PolicyRuleInfo[] {
    return this.#rules.map(({ rule, source }) => ({
      id: rule.id,
      phase: rule.phase,
      source,
    }));
  }

  /** Checks a request before it is planned. */
  evaluatePrePlan(context: PrePlanPolicyContext): Promise<PolicyResult[]> {
    return this.#evaluate('pre-plan', context);
  }

  /** Checks a plan summary and its cost estimate. */
  evaluatePostPlan(context: PostPlanPolicyContext): Promise<PolicyResult[]> {
    return this.#evaluate('post-plan', context);
  }

  /** Whether any result blocks the request (`error` severity). */
  hasBlockingResults(results: readonly PolicyResult[]): boolean {
    return hasBlockingResults(results);
  }

  async #evaluate<P extends PolicyPhase>(
    phase: P,
    context: PolicyContextOf<P>,
  ): Promise<PolicyResult[]> {
    const rules = this.#rules.filter(({ rule }) => rule.phase === phase);
    // Custom rules share one frozen copy: none can change what others see.
    let shared: PolicyContextOf<P> | Error | undefined;
    const customContext = () => {
      if (shared === undefined) {
        try {
          shared = frozenCopy(context);
        } catch (error) {
          shared = new Error(
            `the policy context could not be copied (${
              (error as Error).message
            })`,
          );
        }
      }
      return shared;
    };
    const outcomes = rules.map(({ rule, source }) => {
      const ruleContext = source === 'custom' ? customContext() : context;
      if (ruleContext instanceof Error) {
        return Promise.resolve([
          ruleFailureResult(rule.id, ruleContext.message),
        ]);
      }
      // The phase filter above makes the context fit the rule.
      const evaluate = rule.evaluate as (c: PolicyContextOf<P>) => unknown;
      return runRule({ id: rule.id, evaluate }, ruleContext, {
        timeoutMs: this.#customRuleTimeoutMs,
        logger: this.#logger,
      });
    });
    return (await Promise.all(outcomes)).flat();
  }
}
