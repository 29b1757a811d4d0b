import { TfpilotPoliciesConfig } from './rules';

/**
 * A starting point for `tfpilot.policies`: one rule of each kind, as in
 * docs/policies.md. Handy in tests and for development backends:
 * `new ConfigReader({ tfpilot: { policies: examplePolicies } })`.
 */
export const examplePolicies = {
  rules: [
    {
      id: 'resource-names',
      type: 'naming',
      inputs: ['name', 'bucket_name'],
      pattern: '^[a-z][a-z0-9-]{2,62}$',
    },
    {
      id: 'tags',
      type: 'required-tags',
      input: 'tags',
      tags: [
        { key: 'team' },
        { key: 'cost-center', pattern: '^cc-[0-9]{4}$' },
        { key: 'env', allowed: ['{{environment}}'] },
      ],
    },
    {
      id: 'regions',
      type: 'allowed-regions',
      inputs: ['region'],
      allowed: ['eu-west-1', 'eu-central-1'],
    },
    {
      id: 'prod-modules',
      type: 'allowed-modules',
      environments: ['prod'],
      modules: [
        { name: 's3-bucket', versions: ['~> 1.2', '= 2.0.0'] },
        { name: 'network-*', versions: ['>= 3.0.0, < 4.0.0'] },
      ],
    },
    {
      id: 'protected-data',
      type: 'protected-resources',
      types: ['aws_db_*', 'aws_rds_*', 'aws_s3_bucket', 'aws_dynamodb_table'],
    },
    {
      id: 'prod-cost',
      type: 'max-cost-increase',
      environments: ['prod'],
      maxMonthlyIncrease: 500,
      currency: 'USD',
      requireCost: true,
    },
    {
      id: 'dev-cost',
      type: 'max-cost-increase',
      severity: 'warning',
      environments: ['dev', 'stage'],
      maxMonthlyIncrease: 100,
    },
    {
      id: 'resource-types',
      type: 'resource-types',
      allow: ['aws_*', 'random_*', 'null_resource'],
      deny: ['aws_iam_user', 'aws_iam_access_key'],
    },
  ],
} satisfies TfpilotPoliciesConfig;
