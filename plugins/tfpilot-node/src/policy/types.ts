import {
  CostSummary,
  PlanSummary,
  PolicyResult,
} from '@tfpilot/backstage-plugin-tfpilot-common';

/** When a rule runs: on the request before planning, or on the plan and cost. */
export type PolicyPhase = 'pre-plan' | 'post-plan';

/** Every phase, in the order a request meets them. */
export const POLICY_PHASES: readonly PolicyPhase[] = ['pre-plan', 'post-plan'];

/**
 * The parts of a request policies look at. A stored `TfRequest` fits, and so
 * does a request not yet stored (submission is checked before saving).
 * `inputs` is typed loosely on purpose: rules must expect any JSON value.
 */
export interface PolicyRequest {
  module: { name: string; version: string };
  environment: string;
  inputs: Readonly<Record<string, unknown>>;
  /** Entity ref of the person or group who asked. */
  owner: string;
  /** Entity ref of the component or system the infrastructure serves. */
  entityRef: string;
}

/** The environment a request targets, as configured in `tfpilot.environments`. */
export interface PolicyEnvironment {
  name: string;
  /** Production environments get the stricter defaults (protected resources). */
  production: boolean;
}

/** What pre-plan rules see. */
export interface PrePlanPolicyContext {
  request: PolicyRequest;
  environment: PolicyEnvironment;
}

/** What post-plan rules see: the request plus its plan and, if priced, its cost. */
export interface PostPlanPolicyContext extends PrePlanPolicyContext {
  plan: PlanSummary;
  /** Absent when no cost estimate was produced. */
  cost?: CostSummary;
}

/** The context of a phase. */
export type PolicyContextOf<P extends PolicyPhase> = P extends 'pre-plan'
  ? PrePlanPolicyContext
  : PostPlanPolicyContext;

/** A rule's findings; an empty list means it passed. */
export type PolicyRuleOutcome = PolicyResult[] | Promise<PolicyResult[]>;

/** A rule that checks the request before it is planned. */
export interface PrePlanPolicyRule {
  /** Unique among all rules: lower-case letters, digits, `.`, `_`, `-`; at most 64. */
  id: string;
  phase: 'pre-plan';
  /** Every result must carry this rule's `id` as its `ruleId`. */
  evaluate(context: PrePlanPolicyContext): PolicyRuleOutcome;
}

/** A rule that checks the plan summary and cost of a planned request. */
export interface PostPlanPolicyRule {
  /** Unique among all rules: lower-case letters, digits, `.`, `_`, `-`; at most 64. */
  id: string;
  phase: 'post-plan';
  /** Every result must carry this rule's `id` as its `ruleId`. */
  evaluate(context: PostPlanPolicyContext): PolicyRuleOutcome;
}

/**
 * A policy rule: built in (from app-config) or added by a backend module
 * through `tfpilotPolicyExtensionPoint`. A rule that throws, times out or
 * returns anything but valid results for its own id is reported as one
 * blocking `error` result naming it: the engine fails closed.
 */
export type TfpilotPolicyRule = PrePlanPolicyRule | PostPlanPolicyRule;

/** A rule known to the engine, for start-up logs and diagnostics. */
export interface PolicyRuleInfo {
  id: string;
  phase: PolicyPhase;
  /** `config` for rules from `tfpilot.policies.rules`, `custom` for added ones. */
  source: 'config' | 'custom';
}
