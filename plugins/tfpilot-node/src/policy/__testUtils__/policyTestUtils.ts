import { ConfigReader } from '@backstage/config';
import {
  CostSummary,
  PlanAction,
  PlanChange,
  PlanSummary,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { resolve } from 'node:path';
import { PolicyEngine, PolicyEngineOptions } from '../PolicyEngine';
import { PolicyRuleConfig } from '../rules';
import { PostPlanPolicyContext, PrePlanPolicyContext } from '../types';

/** The shared fixtures, beside the checkout (`<repo>/../shared/fixtures`). */
export const FIXTURES_DIR = resolve(
  __dirname,
  '../../../../../../shared/fixtures',
);

/** An engine with these rules, in an app-config as the backend reads it. */
export function engineWith(
  rules: readonly PolicyRuleConfig[],
  options: PolicyEngineOptions = {},
): PolicyEngine {
  return PolicyEngine.fromConfig(
    new ConfigReader({ tfpilot: { policies: { rules: [...rules] } } }),
    options,
  );
}

/** The InputError message of reading these rules. */
export function configError(
  rules: readonly unknown[],
  options: PolicyEngineOptions = {},
): string {
  try {
    PolicyEngine.fromConfig(
      new ConfigReader({
        tfpilot: { policies: { rules: [...rules] } },
      } as ConstructorParameters<typeof ConfigReader>[0]),
      options,
    );
  } catch (error) {
    expect((error as Error).name).toBe('InputError');
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

interface RequestParts {
  inputs?: Record<string, unknown>;
  module?: { name: string; version: string };
  environment?: string;
  production?: boolean;
}

/** A pre-plan context for a request in `dev` unless told otherwise. */
export function prePlan(parts: RequestParts = {}): PrePlanPolicyContext {
  const environment = parts.environment ?? 'dev';
  return {
    request: {
      module: parts.module ?? { name: 's3-bucket', version: '1.2.0' },
      environment,
      inputs: parts.inputs ?? {},
      owner: 'group:default/team-a',
      entityRef: 'component:default/checkout',
    },
    environment: {
      name: environment,
      production: parts.production ?? environment === 'prod',
    },
  };
}

/** A plan change as summarizePlan makes it. */
export function change(
  address: string,
  actions: PlanAction[],
  type = address.split('.').slice(-2, -1)[0],
): PlanChange {
  const key = actions.join(',');
  return {
    address,
    type,
    module: null,
    actions,
    replace: key === 'delete,create' || key === 'create,delete',
    reasons: [],
    destructive: actions.includes('delete'),
  };
}

/** A plan summary holding these changes. */
export function planOf(changes: PlanChange[] = []): PlanSummary {
  return {
    formatVersion: '1.2',
    terraformVersion: '1.7.5',
    errored: false,
    counts: {
      create: 0,
      update: 0,
      delete: 0,
      replace: 0,
      read: 0,
      noop: 0,
      forget: 0,
    },
    changes,
    drift: [],
    outputs: [],
  };
}

/** A cost summary with one project and these totals. */
export function costOf(
  diff: number | null,
  options: { currency?: string; past?: number; errors?: string[] } = {},
): CostSummary {
  const past = options.past ?? 100;
  const total = diff === null ? null : past + diff;
  return {
    currency: options.currency ?? 'USD',
    totalMonthlyCost: total,
    pastTotalMonthlyCost: past,
    diffTotalMonthlyCost: diff,
    projects: [
      {
        name: 'main',
        totalMonthlyCost: total,
        pastTotalMonthlyCost: past,
        diffTotalMonthlyCost: diff,
        errors: options.errors ?? [],
      },
    ],
  };
}

/** A post-plan context for a request in `prod` unless told otherwise. */
export function postPlan(
  plan: PlanSummary,
  cost?: CostSummary,
  parts: RequestParts = {},
): PostPlanPolicyContext {
  return {
    ...prePlan({ environment: 'prod', ...parts }),
    plan,
    ...(cost && { cost }),
  };
}
