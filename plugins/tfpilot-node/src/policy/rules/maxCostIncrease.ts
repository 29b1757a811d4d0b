import {
  CostSummary,
  formatMoney,
  formatMoneyDiff,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { z } from 'zod';
import { formatList, quote } from '../lib/text';
import { defineRuleKind, Finding, ruleBaseShape } from './ruleKind';

export const maxCostIncreaseSchema = z.strictObject({
  ...ruleBaseShape,
  type: z.literal('max-cost-increase'),
  /** Largest accepted rise of the monthly cost; exactly this much passes. */
  maxMonthlyIncrease: z.number().nonnegative().finite(),
  /** ISO 4217 code of the limit; an estimate in another currency is unknown. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
    .optional(),
  /** Block (with the rule's severity) when the cost cannot be checked. */
  requireCost: z.boolean().default(false),
});

type MaxCostIncreaseConfig = z.infer<typeof maxCostIncreaseSchema>;

/** The monthly rise to compare, or why there is none to compare. */
function comparableRise(
  cost: CostSummary | undefined,
  currency: string | undefined,
): { cost: CostSummary; rise: number } | { unknown: string } {
  if (!cost) return { unknown: 'no cost estimate was produced' };
  if (currency && cost.currency.toUpperCase() !== currency) {
    return {
      unknown: `the estimate is in ${quote(
        cost.currency,
        10,
      )}, the limit in ${currency}`,
    };
  }
  const rise = cost.diffTotalMonthlyCost;
  if (rise === null || !Number.isFinite(rise)) {
    return { unknown: 'the estimate has no monthly cost difference' };
  }
  return { cost, rise };
}

/** Infracost projects it could not price: their cost is missing from the diff. */
function erroredProjects(cost: CostSummary): string[] {
  return cost.projects.filter(p => p.errors.length > 0).map(p => p.name);
}

function unchecked(
  config: MaxCostIncreaseConfig,
  environment: string,
  limit: string,
  reason: string,
): Finding {
  return {
    unchecked: true,
    // Unknown cost informs unless the rule insists on a cost.
    severity: config.requireCost ? config.severity : 'warning',
    target: 'cost',
    message: `the monthly cost could not be checked against the limit of ${limit} in environment ${quote(
      environment,
    )}: ${reason}`,
    remediation: config.requireCost
      ? 'Plan again so that a complete cost estimate (infracost) is produced; this environment requires one.'
      : 'Review the cost by hand; plan again to get a complete estimate.',
  };
}

/**
 * `max-cost-increase`: the plan may not raise the monthly cost by more than
 * a limit. The figure is infracost's `diffTotalMonthlyCost`; a decrease
 * always passes. An estimate that is missing, in another currency or
 * incomplete (projects infracost could not price) gives a warning, or the
 * rule's severity when `requireCost` is set — except that a known rise
 * already above the limit is a violation whatever is missing.
 */
export const maxCostIncreaseRuleKind = defineRuleKind({
  type: 'max-cost-increase',
  phase: 'post-plan',
  schema: maxCostIncreaseSchema,
  compile(config) {
    return (context): Finding[] => {
      const { environment } = context;
      const currency = config.currency ?? context.cost?.currency ?? 'USD';
      const limit = formatMoney(config.maxMonthlyIncrease, currency);
      const comparable = comparableRise(context.cost, config.currency);
      if ('unknown' in comparable) {
        return [unchecked(config, environment.name, limit, comparable.unknown)];
      }
      const { cost, rise: diff } = comparable;
      const errored = erroredProjects(cost);
      const incomplete = errored.length
        ? `infracost could not price ${errored.length} of ${
            cost.projects.length
          } projects (${formatList(
            errored.map(name => quote(name, 60)),
            3,
          )})`
        : '';
      if (diff > config.maxMonthlyIncrease) {
        const from = formatMoney(cost.pastTotalMonthlyCost, currency);
        const to = formatMoney(cost.totalMonthlyCost, currency);
        return [
          {
            target: 'cost',
            message: `the monthly cost would rise by ${formatMoneyDiff(
              diff,
              currency,
            )} (from ${from} to ${to}), above the limit of ${limit} in environment ${quote(
              environment.name,
            )}${incomplete ? `, and by more: ${incomplete}` : ''}`,
            remediation: `Reduce the size or number of the new resources to stay within ${limit} a month, or ask the platform team to raise the limit for this environment.`,
          },
        ];
      }
      return incomplete
        ? [unchecked(config, environment.name, limit, incomplete)]
        : [];
    };
  },
});
