import { z } from 'zod';
import { CostSummary } from './cost/types';
import { PlanChange, PlanSummary } from './plan/types';
import { RUN_ID_PATTERN } from './ids';
import { PolicyResult, policyResultSchema } from './policy/types';

/**
 * Largest number of resource changes kept inside a request revision. Every
 * revision repeats the request's views, so a plan of thousands of resources
 * keeps its counts and the most important changes; the full plan stays in
 * the run's `plan.json` artifact.
 */
export const MAX_STORED_PLAN_CHANGES = 500;
/** Same idea for drift entries and outputs. */
export const MAX_STORED_PLAN_DRIFT = 200;
export const MAX_STORED_PLAN_OUTPUTS = 100;

const count = z.number().int().min(0);
const planAction = z.enum([
  'no-op',
  'create',
  'read',
  'update',
  'delete',
  'forget',
]);

const planChangeSchema = z.strictObject({
  address: z.string(),
  type: z.string(),
  module: z.string().nullable(),
  actions: z.array(planAction),
  replace: z.boolean(),
  reasons: z.array(z.string()),
  destructive: z.boolean(),
});

export const planSummarySchema = z.strictObject({
  formatVersion: z.string(),
  terraformVersion: z.string().nullable(),
  errored: z.boolean(),
  counts: z.strictObject({
    create: count,
    update: count,
    delete: count,
    replace: count,
    read: count,
    noop: count,
    forget: count,
  }),
  changes: z.array(planChangeSchema),
  drift: z.array(
    z.strictObject({ address: z.string(), actions: z.array(planAction) }),
  ),
  outputs: z.array(
    z.strictObject({
      name: z.string(),
      actions: z.array(planAction),
      sensitive: z.boolean(),
      value: z.unknown(),
    }),
  ),
}) satisfies z.ZodType<PlanSummary>;

const money = z.number().nullable();

export const costSummarySchema = z.strictObject({
  currency: z.string(),
  totalMonthlyCost: money,
  pastTotalMonthlyCost: money,
  diffTotalMonthlyCost: money,
  projects: z.array(
    z.strictObject({
      name: z.string(),
      totalMonthlyCost: money,
      pastTotalMonthlyCost: money,
      diffTotalMonthlyCost: money,
      errors: z.array(z.string()),
    }),
  ),
}) satisfies z.ZodType<CostSummary>;

const runId = z.string().regex(RUN_ID_PATTERN, 'not a run id');

/** The latest plan of a request, as kept in its revisions. */
export const storedPlanSchema = z.strictObject({
  runId,
  summary: planSummarySchema,
  /** Entries left out of `summary` to keep revisions small, per list. */
  omitted: z.strictObject({ changes: count, drift: count, outputs: count }),
});
export type StoredPlan = z.infer<typeof storedPlanSchema>;

/** The cost estimate that came with the latest plan. */
export const storedCostSchema = z.strictObject({
  runId,
  summary: costSummarySchema,
});
export type StoredCost = z.infer<typeof storedCostSchema>;

/** The change request (GitHub pull request) holding the request's code. */
export const pullRequestRefSchema = z.strictObject({
  number: z.number().int().min(1),
  url: z.url({ protocol: /^https?$/ }),
});
export type PullRequestRef = z.infer<typeof pullRequestRefSchema>;

/** Destructive changes first, then by address: what a reviewer must see. */
function byImportance(a: PlanChange, b: PlanChange): number {
  if (a.destructive !== b.destructive) return a.destructive ? -1 : 1;
  if (a.address === b.address) return 0;
  return a.address < b.address ? -1 : 1;
}

/** Caps a plan summary for storage in a revision, keeping the counts exact. */
export function toStoredPlan(
  runIdValue: string,
  plan: PlanSummary,
): StoredPlan {
  const changes = [...plan.changes].sort(byImportance);
  return {
    runId: runIdValue,
    summary: {
      ...plan,
      changes: changes.slice(0, MAX_STORED_PLAN_CHANGES),
      drift: plan.drift.slice(0, MAX_STORED_PLAN_DRIFT),
      outputs: plan.outputs.slice(0, MAX_STORED_PLAN_OUTPUTS),
    },
    omitted: {
      changes: Math.max(0, changes.length - MAX_STORED_PLAN_CHANGES),
      drift: Math.max(0, plan.drift.length - MAX_STORED_PLAN_DRIFT),
      outputs: Math.max(0, plan.outputs.length - MAX_STORED_PLAN_OUTPUTS),
    },
  };
}

/** Policy findings on a request, by phase, and who overrode them if anyone. */
export const storedPolicySchema = z.strictObject({
  /** Checks on the request itself, when it was submitted. */
  prePlan: z.array(policyResultSchema),
  /** Checks on the latest plan and its cost. */
  postPlan: z.array(policyResultSchema).optional(),
  /** An administrator approved despite blocking post-plan findings. */
  bypass: z
    .strictObject({
      actor: z.string().min(1).max(320),
      at: z.iso.datetime(),
      reason: z.string().max(2000).optional(),
    })
    .optional(),
});
export type StoredPolicy = z.infer<typeof storedPolicySchema>;

/** Findings that block: severity `error`, in either phase. */
export function blockingPolicyResults(
  policy: StoredPolicy | undefined,
): PolicyResult[] {
  return [...(policy?.prePlan ?? []), ...(policy?.postPlan ?? [])].filter(
    result => result.severity === 'error',
  );
}
