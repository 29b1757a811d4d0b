import {
  change,
  configError,
  engineWith,
  planOf,
  postPlan,
} from '../__testUtils__/policyTestUtils';
import { PolicyRuleConfig } from '.';

const rule = {
  id: 'protected',
  type: 'protected-resources',
  types: ['aws_db_*', 'aws_s3_bucket'],
} satisfies PolicyRuleConfig;

const plan = planOf([
  change('aws_db_instance.main', ['delete']),
  change('aws_db_subnet_group.main', ['delete', 'create']),
  change('aws_s3_bucket.logs', ['create', 'delete']),
  change('aws_s3_bucket.new', ['create']),
  change('aws_s3_bucket.tags', ['update']),
  change('aws_s3_bucket.kept', ['create', 'forget']),
  change('aws_s3_bucket.dropped', ['forget']),
  change('aws_s3_bucket_policy.logs', ['delete']),
  change('aws_instance.web', ['delete']),
]);

async function check(extra = {}, environment = 'prod', production?: boolean) {
  return engineWith([{ ...rule, ...extra }]).evaluatePostPlan(
    postPlan(plan, undefined, { environment, production }),
  );
}

describe('protected-resources rule', () => {
  it('reports each delete and replace of a protected type, in plan order', async () => {
    const results = await check();
    expect(results.map(r => r.target)).toEqual([
      'aws_db_instance.main',
      'aws_db_subnet_group.main',
      'aws_s3_bucket.logs',
    ]);
    expect(results[0]).toEqual({
      ruleId: 'protected',
      severity: 'error',
      target: 'aws_db_instance.main',
      message:
        'the plan would delete aws_db_instance.main, of the protected resource type "aws_db_instance" in environment "prod"',
      remediation:
        'Keep the resource in the configuration (or move it with a moved block), or have an administrator remove it outside TfPilot.',
    });
    expect(results[1].message).toMatch(/^the plan would replace /);
  });

  it('forbids only the configured actions', async () => {
    expect((await check({ actions: ['replace'] })).map(r => r.target)).toEqual([
      'aws_db_subnet_group.main',
      'aws_s3_bucket.logs',
    ]);
    expect((await check({ actions: ['delete'] })).map(r => r.target)).toEqual([
      'aws_db_instance.main',
    ]);
  });

  it('names the reasons Terraform gave for a replace', async () => {
    const replaced = {
      ...change('aws_db_instance.main', ['delete', 'create']),
      reasons: ['replace because cannot update', 'replace paths: engine'],
    };
    const [result] = await engineWith([rule]).evaluatePostPlan(
      postPlan(planOf([replaced])),
    );
    expect(result.message).toBe(
      'the plan would replace aws_db_instance.main, of the protected resource type "aws_db_instance" in environment "prod" (replace because cannot update; replace paths: engine)',
    );
  });

  it('applies to production environments by default', async () => {
    expect(await check({}, 'dev')).toEqual([]);
    expect(await check({}, 'staging-eu', true)).toHaveLength(3);
    expect(await check({}, 'prod', false)).toEqual([]);
  });

  it('applies to the listed environments when given', async () => {
    expect(await check({ environments: ['dev'] }, 'dev')).toHaveLength(3);
    expect(await check({ environments: ['dev'] }, 'prod')).toEqual([]);
  });

  it('passes a plan without destructive changes', async () => {
    expect(
      await engineWith([rule]).evaluatePostPlan(
        postPlan(planOf([change('aws_db_instance.main', ['update'])])),
      ),
    ).toEqual([]);
  });

  it('names configuration errors', () => {
    expect(configError([{ ...rule, types: [] }])).toBe(
      'tfpilot.policies.rules[0].types: Too small: expected array to have >=1 items',
    );
    expect(configError([{ ...rule, actions: ['destroy'] }])).toBe(
      'tfpilot.policies.rules[0].actions[0]: Invalid option: expected one of "delete"|"replace"',
    );
  });
});
