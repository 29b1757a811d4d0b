import {
  change,
  configError,
  engineWith,
  planOf,
  postPlan,
} from '../__testUtils__/policyTestUtils';
import { PolicyRuleConfig } from '.';

const plan = planOf([
  change('aws_s3_bucket.logs', ['create']),
  change('aws_iam_user.ci', ['create']),
  change('aws_iam_access_key.ci', ['update']),
  change('google_storage_bucket.x', ['delete', 'create']),
  change('google_compute_instance.old', ['delete']),
  change('data.external_source.x', ['read'], 'external_source'),
  change('azurerm_resource_group.kept', ['no-op']),
]);

async function check(rule: Record<string, unknown>, environment = 'prod') {
  return engineWith([
    { id: 'types', type: 'resource-types', ...rule } as PolicyRuleConfig,
  ]).evaluatePostPlan(postPlan(plan, undefined, { environment }));
}

describe('resource-types rule', () => {
  it('refuses denied types the plan creates or updates', async () => {
    const results = await check({ deny: ['aws_iam_*'] });
    expect(results).toEqual([
      {
        ruleId: 'types',
        severity: 'error',
        target: 'aws_iam_user.ci',
        message:
          'the plan would create aws_iam_user.ci: resource type "aws_iam_user" is denied (denied: aws_iam_*)',
        remediation:
          'Use a module that does not manage "aws_iam_user" resources, or ask the platform team.',
      },
      expect.objectContaining({
        target: 'aws_iam_access_key.ci',
        message:
          'the plan would update aws_iam_access_key.ci: resource type "aws_iam_access_key" is denied (denied: aws_iam_*)',
      }),
    ]);
  });

  it('refuses types outside the allow list, replaces included', async () => {
    const results = await check({ allow: ['aws_*'] });
    expect(results.map(r => r.message)).toEqual([
      'the plan would replace google_storage_bucket.x: resource type "google_storage_bucket" is not allowed (allowed: aws_*)',
    ]);
  });

  it('lets deny win over allow', async () => {
    const results = await check({ allow: ['aws_*'], deny: ['aws_iam_user'] });
    expect(results.map(r => r.target)).toEqual([
      'aws_iam_user.ci',
      'google_storage_bucket.x',
    ]);
  });

  it('ignores deletes, reads and unchanged resources', async () => {
    expect(
      await check({ deny: ['google_compute_*', 'external_*', 'azurerm_*'] }),
    ).toEqual([]);
  });

  it('passes when everything is allowed', async () => {
    expect(await check({ allow: ['aws_*', 'google_*'] })).toEqual([]);
  });

  it('applies only in the listed environments', async () => {
    expect(await check({ deny: ['aws_iam_*'], environments: ['dev'] })).toEqual(
      [],
    );
    expect(
      await check({ deny: ['aws_iam_*'], environments: ['dev'] }, 'dev'),
    ).toHaveLength(2);
  });

  it('needs allow or deny', () => {
    expect(configError([{ id: 'types', type: 'resource-types' }])).toBe(
      'tfpilot.policies.rules[0].allow: set allow, deny or both',
    );
    expect(
      configError([{ id: 'types', type: 'resource-types', deny: [] }]),
    ).toBe(
      'tfpilot.policies.rules[0].deny: Too small: expected array to have >=1 items',
    );
  });
});
