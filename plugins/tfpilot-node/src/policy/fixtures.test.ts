/**
 * Post-plan rules on real `terraform show -json` plans and infracost
 * outputs from ../shared/fixtures (see its SOURCES.md).
 */
import {
  CostSummary,
  formatMoney,
  formatMoneyDiff,
  policyResultSchema,
  summarizeCost,
  summarizePlanJson,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePolicies } from './examplePolicies';
import {
  engineWith,
  FIXTURES_DIR,
  planOf,
  postPlan,
} from './__testUtils__/policyTestUtils';

const PLANS = join(FIXTURES_DIR, 'plans');
const COSTS = join(FIXTURES_DIR, 'infracost');
const PLAN_FILES = readdirSync(PLANS).filter(name => name.endsWith('.json'));
const COST_FILES = readdirSync(COSTS).filter(name => name.endsWith('.json'));

function readPlan(file: string) {
  return summarizePlanJson(readFileSync(join(PLANS, file), 'utf8'));
}

function readCost(file: string): CostSummary {
  return summarizeCost(JSON.parse(readFileSync(join(COSTS, file), 'utf8')));
}

/** Addresses the raw plan deletes (replaces included), read without the summarizer. */
function rawDeletes(file: string): string[] {
  const raw = JSON.parse(readFileSync(join(PLANS, file), 'utf8')) as {
    resource_changes?: { address: string; change: { actions: string[] } }[];
  };
  return (raw.resource_changes ?? [])
    .filter(rc => rc.change.actions.includes('delete'))
    .map(rc => rc.address);
}

function protectedRule(types: string[], extra = {}) {
  return {
    id: 'protected',
    type: 'protected-resources' as const,
    types,
    ...extra,
  };
}

it('finds the fixtures', () => {
  expect(PLAN_FILES.length).toBeGreaterThan(20);
  expect(COST_FILES.length).toBeGreaterThan(10);
});

describe('protected resources on real plans', () => {
  it.each([
    [
      'tf-plan-format__delete-create.json',
      ['null_*'],
      'null_resource.foo-bar',
      'replace',
    ],
    [
      'policy-engine__resource-changes.json',
      ['aws_s3_*'],
      'aws_s3_bucket.delete_bucket',
      'delete',
    ],
    [
      'checkov__plan_with_deleted_resources__create-before-destroy.json',
      ['aws_secretsmanager_secret'],
      'aws_secretsmanager_secret.default',
      'replace',
    ],
    [
      'terraform__show-json__basic-delete.json',
      ['test_instance'],
      'test_instance.test-delete',
      'delete',
    ],
    [
      'tfjson__action_reason.json',
      ['null_resource'],
      'null_resource.example',
      'replace',
    ],
    [
      'terraform__equivalence__replace_within_set.json',
      ['tfcoremock_*'],
      'tfcoremock_set.set',
      'replace',
    ],
  ])('%s: %s', async (file, types, address, action) => {
    const engine = engineWith([protectedRule(types)]);
    const plan = readPlan(file);
    const results = await engine.evaluatePostPlan(postPlan(plan));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      ruleId: 'protected',
      severity: 'error',
      target: address,
    });
    expect(results[0].message).toMatch(
      new RegExp(
        `^the plan would ${action} ${address.replace(/[.[\]]/g, '\\$&')}, `,
      ),
    );
    // Not in a non-production environment, by default.
    expect(
      await engine.evaluatePostPlan(
        postPlan(plan, undefined, { environment: 'dev' }),
      ),
    ).toEqual([]);
    // Only replaces forbidden: a plain delete passes, and the other way round.
    const other = action === 'replace' ? 'delete' : 'replace';
    expect(
      await engineWith([
        protectedRule(types, { actions: [other] }),
      ]).evaluatePostPlan(postPlan(plan)),
    ).toEqual([]);
  });

  it('carries the reasons Terraform gave for a replace', async () => {
    const [result] = await engineWith([
      protectedRule(['null_resource']),
    ]).evaluatePostPlan(
      postPlan(readPlan('tf-plan-format__delete-create.json')),
    );
    expect(result.message).toBe(
      'the plan would replace null_resource.foo-bar, of the protected resource type "null_resource" in environment "prod" (replace_because_cannot_update; replace paths: triggers)',
    );
  });

  it('does not touch an in-place update of a protected type', async () => {
    // module.db…aws_db_instance.this[0] is updated in place in this plan.
    const plan = readPlan('infracost__terraform_v0.14_plan.json');
    expect(
      await engineWith([protectedRule(['aws_db_*'])]).evaluatePostPlan(
        postPlan(plan),
      ),
    ).toEqual([]);
  });

  it.each(PLAN_FILES)(
    '%s: flags exactly the deletes and replaces',
    async file => {
      const results = await engineWith([protectedRule(['*'])]).evaluatePostPlan(
        postPlan(readPlan(file)),
      );
      expect(results.map(r => r.target)).toEqual(rawDeletes(file));
    },
  );
});

describe('every rule on every real plan', () => {
  const rules = [
    ...examplePolicies.rules,
    protectedRule(['*'], { id: 'everything' }),
    { id: 'deny-all', type: 'resource-types' as const, deny: ['*'] },
  ];

  it.each(PLAN_FILES)('%s: valid results, no crash', async file => {
    const engine = engineWith(rules);
    const plan = readPlan(file);
    for (const environment of ['dev', 'prod']) {
      const results = await engine.evaluatePostPlan(
        postPlan(plan, undefined, { environment }),
      );
      for (const result of results) {
        expect(policyResultSchema.parse(result)).toEqual(result);
        expect(result.message).not.toMatch(/could not be evaluated/);
      }
    }
  });

  it('refuses every created or updated type of the 55-resource plan', async () => {
    const plan = readPlan('checkov__runner_plan__55-resources.json');
    const results = await engineWith([
      { id: 'deny-all', type: 'resource-types', deny: ['*'] },
    ]).evaluatePostPlan(postPlan(plan));
    expect(results).toHaveLength(55);
    const allowed = await engineWith([
      { id: 'aws-only', type: 'resource-types', allow: ['aws_*'] },
    ]).evaluatePostPlan(postPlan(plan));
    expect(allowed.map(r => r.target)).toEqual(['null_resource.push_image']);
  });
});

describe('cost limit on real infracost outputs', () => {
  const costRule = (maxMonthlyIncrease: number) => ({
    id: 'cost',
    type: 'max-cost-increase' as const,
    maxMonthlyIncrease,
    currency: 'USD',
  });
  const check = (cost: CostSummary, limit: number) =>
    engineWith([costRule(limit)]).evaluatePostPlan(postPlan(planOf(), cost));

  // Sorted by what the file's own figures allow to test.
  const costs = COST_FILES.map(file => ({ file, cost: readCost(file) }));
  const unknown = costs.filter(c => c.cost.diffTotalMonthlyCost === null);
  const known = costs.filter(c => c.cost.diffTotalMonthlyCost !== null);
  const incomplete = known.filter(c =>
    c.cost.projects.some(p => p.errors.length),
  );
  const complete = known.filter(c => !incomplete.includes(c));
  const rising = complete.filter(
    c => (c.cost.diffTotalMonthlyCost ?? 0) > 0.01,
  );
  const diffOf = (cost: CostSummary) => cost.diffTotalMonthlyCost ?? Number.NaN;
  const cases = (list: typeof costs) =>
    list.map(c => [c.file, c.cost] as const);

  it('covers every file', () => {
    expect(unknown.length + incomplete.length + complete.length).toBe(
      COST_FILES.length,
    );
    expect(unknown.map(c => c.file)).toEqual([
      'breakdown__legacy_2021_schema.json',
    ]);
    expect(incomplete.map(c => c.file)).toEqual([
      'breakdown__multi_project_with_error.json',
      'breakdown__project_error.json',
    ]);
    expect(rising.length).toBeGreaterThanOrEqual(2);
  });

  it.each(cases(complete))(
    '%s: passes at its own rise (or zero) and just above',
    async (_, cost) => {
      const limit = Math.max(diffOf(cost), 0);
      expect(await check(cost, limit)).toEqual([]);
      expect(await check(cost, limit + 0.01)).toEqual([]);
    },
  );

  it.each(cases(rising))(
    '%s: refuses a limit just below its rise, with the figures',
    async (_, cost) => {
      const diff = diffOf(cost);
      const below = diff - 0.01;
      const [over] = await check(cost, below);
      expect(over).toMatchObject({ severity: 'error', target: 'cost' });
      expect(over.message).toContain(
        `would rise by ${formatMoneyDiff(diff, 'USD')} (from ${formatMoney(
          cost.pastTotalMonthlyCost,
          'USD',
        )} to ${formatMoney(
          cost.totalMonthlyCost,
          'USD',
        )}), above the limit of ${formatMoney(below, 'USD')}`,
      );
    },
  );

  it.each(cases(incomplete))(
    '%s: warns that some projects could not be priced',
    async (_, cost) => {
      const errored = cost.projects.filter(p => p.errors.length).length;
      expect(await check(cost, Math.max(diffOf(cost), 0))).toEqual([
        expect.objectContaining({
          severity: 'warning',
          message: expect.stringContaining(
            `infracost could not price ${errored} of ${cost.projects.length} projects`,
          ),
        }),
      ]);
    },
  );

  it.each(cases(unknown))(
    '%s: warns that the cost could not be checked',
    async (_, cost) => {
      const [result] = await check(cost, 100);
      expect(result).toMatchObject({ severity: 'warning', target: 'cost' });
      expect(result.message).toMatch(/no monthly cost difference$/);
    },
  );

  it('gives the figures of a real rise', async () => {
    const cost = readCost('breakdown__terraform_v0.14_plan.json');
    const [over] = await check(cost, 40);
    expect(over.message).toBe(
      'the monthly cost would rise by +$40.56 (from $40.56 to $81.12), above the limit of $40.00 in environment "prod"',
    );
  });

  it('checks a real plan and its real estimate together', async () => {
    const engine = engineWith(examplePolicies.rules);
    const results = await engine.evaluatePostPlan(
      postPlan(
        readPlan('infracost__terraform_v0.14_plan.json'),
        readCost('breakdown__terraform_v0.14_plan.json'),
      ),
    );
    expect(results).toEqual([]);
  });
});
