import {
  configError,
  engineWith,
  prePlan,
} from '../__testUtils__/policyTestUtils';
import { PolicyRuleConfig } from '.';

const rule = {
  id: 'modules',
  type: 'allowed-modules',
  modules: [
    { name: 's3-bucket', versions: ['~> 1.2', '= 2.0.0'] },
    { name: 'network-*', versions: ['>= 3.0.0, < 4.0.0'] },
    { name: 'dns' },
  ],
} satisfies PolicyRuleConfig;

async function check(name: string, version: string, extra = {}, env = 'prod') {
  return engineWith([{ ...rule, ...extra }]).evaluatePrePlan(
    prePlan({ module: { name, version }, environment: env }),
  );
}

describe('allowed-modules rule', () => {
  it.each([
    ['s3-bucket', '1.2.0'],
    ['s3-bucket', '1.9.3'],
    ['s3-bucket', '2.0.0'],
    ['network-vpc', '3.0.0'],
    ['network-peering', '3.99.1'],
    ['dns', '0.0.1'],
    ['dns', '9.0.0-beta.1'],
  ])('allows %s %s', async (name, version) => {
    expect(await check(name, version)).toEqual([]);
  });

  it('refuses a module that is not listed', async () => {
    expect(await check('lambda', '1.0.0')).toEqual([
      {
        ruleId: 'modules',
        severity: 'error',
        target: 'module',
        message:
          'module "lambda" is not allowed in environment "prod" (allowed: s3-bucket, network-*, dns)',
        remediation:
          'Request one of the allowed modules (s3-bucket, network-*, dns), or ask the platform team to allow this module in "prod".',
      },
    ]);
  });

  it.each([
    ['s3-bucket', '1.1.9'],
    ['s3-bucket', '2.0.1'],
    ['s3-bucket', '1.3.0-rc.1'],
    ['network-vpc', '4.0.0'],
    ['network-vpc', '2.9.9'],
  ])('refuses %s %s at the edges of its constraints', async (name, version) => {
    const [result] = await check(name, version);
    expect(result.target).toBe('module.version');
    expect(result.message).toMatch(
      new RegExp(
        `^version "${version.replace(
          /\./g,
          '\\.',
        )}" of module "${name}" is not allowed in environment "prod" \\(allowed: `,
      ),
    );
  });

  it('lists the constraints as alternatives', async () => {
    const [result] = await check('s3-bucket', '3.0.0');
    expect(result.message).toBe(
      'version "3.0.0" of module "s3-bucket" is not allowed in environment "prod" (allowed: "~> 1.2" or "= 2.0.0")',
    );
  });

  it('accepts a version any matching entry accepts', async () => {
    const engine = engineWith([
      {
        ...rule,
        modules: [
          { name: 's3-bucket', versions: ['~> 1.2'] },
          { name: 's3-*', versions: ['~> 2.0'] },
        ],
      },
    ]);
    const ask = (version: string) =>
      engine.evaluatePrePlan(
        prePlan({ module: { name: 's3-bucket', version } }),
      );
    expect(await ask('1.4.0')).toEqual([]);
    expect(await ask('2.4.0')).toEqual([]);
    expect(await ask('3.0.0')).toHaveLength(1);
  });

  it('refuses a version that is not semantic', async () => {
    const [result] = await check('s3-bucket', 'latest');
    expect(result.message).toBe(
      'version "latest" of module "s3-bucket" is not a semantic version such as 1.2.0',
    );
  });

  it('refuses look-alike module names', async () => {
    const [result] = await check('s3-buck\u0435t', '1.2.0');
    expect(result.target).toBe('module');
    expect(result.message).toMatch(/"s3-buck\\u0435t".*non-ASCII characters/);
  });

  it('applies only in the listed environments', async () => {
    expect(
      await check('lambda', '1.0.0', { environments: ['prod'] }, 'dev'),
    ).toEqual([]);
    expect(
      await check('lambda', '1.0.0', { environments: ['prod'] }, 'prod'),
    ).toHaveLength(1);
  });

  it('names invalid constraints', () => {
    expect(
      configError([
        {
          ...rule,
          modules: [{ name: 'x', versions: ['>= 1.0', '^1.2.0', '~> 2'] }],
        },
      ]),
    ).toBe(
      [
        'tfpilot.policies.rules[0].modules[0].versions[1]: not a version constraint: "^1.2.0" is not a version constraint such as ">= 1.2.0" or "~> 1.2"',
        'tfpilot.policies.rules[0].modules[0].versions[2]: not a version constraint: "~> 2": ~> needs at least major.minor',
      ].join('; '),
    );
  });
});
