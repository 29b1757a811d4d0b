import { z } from 'zod';
import { CostSummary } from './cost/types';
import { DRIFT_STATES, DriftState } from './lifecycle';
import { PlanAction, PlanChange, PlanSummary } from './plan/types';
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
    z.strictObject({
      address: z.string(),
      actions: z.array(planAction),
      attributes: z.array(z.string()).optional(),
    }),
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

/** Most resources kept in a request's drift view, as in the stored plan. */
export const MAX_STORED_DRIFT_RESOURCES = MAX_STORED_PLAN_DRIFT;
/** Most attribute names kept per drifted resource. */
export const MAX_STORED_DRIFT_ATTRIBUTES = 50;

/** A resource that differs from the request's code. */
export const driftResourceSchema = z.strictObject({
  address: z.string(),
  actions: z.array(planAction),
  /** Changed top-level attributes, when the plan shows them (names only). */
  attributes: z.array(z.string()).optional(),
});
export type DriftResource = z.infer<typeof driftResourceSchema>;

/** The latest drift check of an applied request, as kept in its revisions. */
export const storedDriftSchema = z.strictObject({
  state: z.enum(DRIFT_STATES),
  lastCheckedAt: z.iso.datetime().optional(),
  /** The run of the latest check. */
  runId: runId.optional(),
  /** What differs: resources changed outside Terraform first, then other planned changes. */
  resources: z.array(driftResourceSchema).optional(),
  /** Resources left out of `resources` to keep revisions small. */
  omittedResources: count.optional(),
});
export type StoredDrift = z.infer<typeof storedDriftSchema>;

/** A drift check's outcome, the input of {@link toStoredDrift}. */
export interface CheckedDrift {
  state: DriftState;
  checkedAt: string;
  runId: string;
  /** The check's whole plan summary, when it handed one back. */
  plan?: PlanSummary;
}

const isPlannedChange = (actions: readonly PlanAction[]) =>
  actions.some(action => action !== 'no-op' && action !== 'read');

/**
 * Every resource of a drift plan that differs from the code: what changed
 * outside Terraform (`resource_drift`), then what Terraform would change
 * besides, each address once.
 */
export function driftResourcesOf(plan: PlanSummary): DriftResource[] {
  const resources: DriftResource[] = plan.drift.map(d => ({ ...d }));
  const listed = new Set(resources.map(r => r.address));
  for (const change of plan.changes) {
    if (!listed.has(change.address) && isPlannedChange(change.actions)) {
      listed.add(change.address);
      resources.push({ address: change.address, actions: change.actions });
    }
  }
  return resources;
}

function capAttributes(resource: DriftResource): DriftResource {
  if (!resource.attributes) return resource;
  return {
    ...resource,
    attributes: resource.attributes.slice(0, MAX_STORED_DRIFT_ATTRIBUTES),
  };
}

/**
 * The drift view kept in a request: the state, when and by which run it
 * was checked, and (when drifted) the resources that differ, capped.
 */
export function toStoredDrift(outcome: CheckedDrift): StoredDrift {
  const resources =
    outcome.state === 'drifted' && outcome.plan
      ? driftResourcesOf(outcome.plan)
      : [];
  return {
    state: outcome.state,
    lastCheckedAt: outcome.checkedAt,
    runId: outcome.runId,
    resources: resources
      .slice(0, MAX_STORED_DRIFT_RESOURCES)
      .map(capAttributes),
    omittedResources: Math.max(
      0,
      resources.length - MAX_STORED_DRIFT_RESOURCES,
    ),
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
