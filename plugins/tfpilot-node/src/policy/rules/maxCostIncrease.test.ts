import {
  configError,
  costOf,
  engineWith,
  planOf,
  postPlan,
} from '../__testUtils__/policyTestUtils';
import { PolicyRuleConfig } from '.';
import { CostSummary } from '@tfpilot/backstage-plugin-tfpilot-common';

const rule = {
  id: 'cost',
  type: 'max-cost-increase',
  maxMonthlyIncrease: 500,
} satisfies PolicyRuleConfig;

async function check(
  cost: CostSummary | undefined,
  extra = {},
  environment = 'prod',
) {
  return engineWith([{ ...rule, ...extra }]).evaluatePostPlan(
    postPlan(planOf(), cost, { environment }),
  );
}

describe('max-cost-increase rule', () => {
  it('passes a rise at the limit and below it, and any decrease', async () => {
    expect(await check(costOf(500))).toEqual([]);
    expect(await check(costOf(499.99))).toEqual([]);
    expect(await check(costOf(0))).toEqual([]);
    expect(await check(costOf(-2000, { past: 3000 }))).toEqual([]);
  });

  it('refuses a rise above the limit with the figures', async () => {
    expect(await check(costOf(500.01, { past: 1234.5 }))).toEqual([
      {
        ruleId: 'cost',
        severity: 'error',
        target: 'cost',
        message:
          'the monthly cost would rise by +$500.01 (from $1,234.50 to $1,734.51), above the limit of $500.00 in environment "prod"',
        remediation:
          'Reduce the size or number of the new resources to stay within $500.00 a month, or ask the platform team to raise the limit for this environment.',
      },
    ]);
  });

  it('allows no rise at all with a limit of zero', async () => {
    expect(await check(costOf(0), { maxMonthlyIncrease: 0 })).toEqual([]);
    expect(await check(costOf(0.01), { maxMonthlyIncrease: 0 })).toHaveLength(
      1,
    );
  });

  it('warns when the cost is unknown', async () => {
    expect(await check(undefined)).toEqual([
      {
        ruleId: 'cost',
        severity: 'warning',
        target: 'cost',
        message:
          'the monthly cost could not be checked against the limit of $500.00 in environment "prod": no cost estimate was produced',
        remediation:
          'Review the cost by hand; plan again to get a complete estimate.',
      },
    ]);
    const [noDiff] = await check(costOf(null));
    expect(noDiff.severity).toBe('warning');
    expect(noDiff.message).toMatch(
      /the estimate has no monthly cost difference$/,
    );
  });

  it('blocks an unknown cost with requireCost', async () => {
    const [result] = await check(undefined, { requireCost: true });
    expect(result.severity).toBe('error');
    expect(result.remediation).toMatch(/this environment requires one/);
    const [warning] = await check(undefined, {
      requireCost: true,
      severity: 'warning',
    });
    expect(warning.severity).toBe('warning');
  });

  it('keeps its own message for an unknown cost when a message is configured', async () => {
    const [result] = await check(undefined, { message: 'Too expensive.' });
    expect(result.message).toMatch(/^the monthly cost could not be checked/);
    const [over] = await check(costOf(600), { message: 'Too expensive.' });
    expect(over.message).toBe('Too expensive.');
  });

  it('treats an estimate in another currency as unknown', async () => {
    const [result] = await check(costOf(10, { currency: 'EUR' }), {
      currency: 'USD',
    });
    expect(result.message).toBe(
      'the monthly cost could not be checked against the limit of $500.00 in environment "prod": the estimate is in "EUR", the limit in USD',
    );
    expect(
      await check(costOf(10, { currency: 'EUR' }), { currency: 'EUR' }),
    ).toEqual([]);
  });

  it('says when infracost could not price every project', async () => {
    const partial = costOf(10, { errors: ['could not load module'] });
    const [result] = await check(partial);
    expect(result.severity).toBe('warning');
    expect(result.message).toBe(
      'the monthly cost could not be checked against the limit of $500.00 in environment "prod": infracost could not price 1 of 1 projects ("main")',
    );
    // A known rise already above the limit is a violation anyway.
    const [over] = await check(costOf(900, { errors: ['x'] }));
    expect(over.severity).toBe('error');
    expect(over.message).toMatch(
      /above the limit .*, and by more: infracost could not price/,
    );
  });

  it('applies only in the listed environments', async () => {
    expect(await check(costOf(900), { environments: ['dev'] })).toEqual([]);
    expect(
      await check(costOf(900), { environments: ['dev'] }, 'dev'),
    ).toHaveLength(1);
  });

  it('names configuration errors', () => {
    expect(configError([{ ...rule, maxMonthlyIncrease: -1 }])).toBe(
      'tfpilot.policies.rules[0].maxMonthlyIncrease: Too small: expected number to be >=0',
    );
    expect(configError([{ ...rule, maxMonthlyIncrease: '500' }])).toBe(
      'tfpilot.policies.rules[0].maxMonthlyIncrease: Invalid input: expected number, received string',
    );
    expect(configError([{ ...rule, currency: 'usd' }])).toBe(
      'tfpilot.policies.rules[0].currency: an ISO 4217 code such as USD',
    );
  });
});
