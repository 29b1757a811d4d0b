import {
  configError,
  engineWith,
  prePlan,
} from '../__testUtils__/policyTestUtils';
import { PolicyRuleConfig } from '.';

const rule = {
  id: 'regions',
  type: 'allowed-regions',
  allowed: ['eu-west-1', 'eu-central-*'],
} satisfies PolicyRuleConfig;

async function check(inputs: Record<string, unknown>, extra = {}, env = 'dev') {
  return engineWith([{ ...rule, ...extra }]).evaluatePrePlan(
    prePlan({ inputs, environment: env }),
  );
}

describe('allowed-regions rule', () => {
  it('passes listed regions and glob matches', async () => {
    expect(await check({ region: 'eu-west-1' })).toEqual([]);
    expect(await check({ region: 'eu-central-1' })).toEqual([]);
    expect(await check({ region: 'eu-central-' })).toEqual([]);
  });

  it('refuses other regions with the list', async () => {
    expect(await check({ region: 'us-east-1' })).toEqual([
      {
        ruleId: 'regions',
        severity: 'error',
        target: 'inputs.region',
        message:
          'inputs.region "us-east-1" is not an allowed region in environment "dev" (allowed: eu-west-1, eu-central-*)',
        remediation: 'Use one of the allowed regions: eu-west-1, eu-central-*.',
      },
    ]);
    // Near misses: a prefix, a case change, trailing space.
    for (const region of ['eu-west-12', 'EU-WEST-1', 'eu-west-1 ']) {
      expect(await check({ region })).toHaveLength(1);
    }
  });

  it('checks each element of list inputs', async () => {
    const results = await check(
      { replicas: ['eu-west-1', 'us-east-1', 3] },
      { inputs: ['region', 'replicas'] },
    );
    expect(results.map(r => [r.target, r.message])).toEqual([
      [
        'inputs.replicas[1]',
        'inputs.replicas[1] "us-east-1" is not an allowed region in environment "dev" (allowed: eu-west-1, eu-central-*)',
      ],
      [
        'inputs.replicas[2]',
        'inputs.replicas[2] must be a region name, but is a number',
      ],
    ]);
  });

  it('skips an absent region unless required', async () => {
    expect(await check({})).toEqual([]);
    expect(await check({ region: null })).toEqual([]);
    expect(await check({}, { required: true })).toEqual([
      expect.objectContaining({
        message: 'inputs.region is not set; this region rule requires it',
      }),
    ]);
  });

  it('refuses look-alikes and wrong types', async () => {
    const [lookAlike] = await check({ region: 'eu-w\u0435st-1' });
    expect(lookAlike.message).toMatch(
      /"eu-w\\u0435st-1" is not an allowed region .*non-ASCII characters \(first: U\+0435 at position 5\)/,
    );
    const [object] = await check({ region: { name: 'eu-west-1' } });
    expect(object.message).toBe(
      'inputs.region must be a region name, but is an object',
    );
  });

  it('supports a list per environment through scoped rules', async () => {
    const engine = engineWith([
      {
        ...rule,
        id: 'prod-regions',
        environments: ['prod'],
        allowed: ['eu-west-1'],
      },
      {
        ...rule,
        id: 'other-regions',
        environments: ['dev', 'stage'],
        allowed: ['eu-*', 'us-*'],
      },
    ]);
    const ask = (environment: string) =>
      engine.evaluatePrePlan(
        prePlan({ inputs: { region: 'us-east-1' }, environment }),
      );
    expect(await ask('dev')).toEqual([]);
    expect((await ask('prod')).map(r => r.ruleId)).toEqual(['prod-regions']);
  });

  it('names configuration errors', () => {
    expect(configError([{ ...rule, allowed: [] }])).toBe(
      'tfpilot.policies.rules[0].allowed: Too small: expected array to have >=1 items',
    );
    expect(configError([{ ...rule, allowed: ['eu-[a-z]'] }])).toBe(
      'tfpilot.policies.rules[0].allowed[0]: letters, digits, "_", ".", ":", "/", "-" and the wildcards * and ?, at most 128 characters',
    );
    expect(configError([{ ...rule, environments: ['production'] }])).toBe(
      'tfpilot.policies.rules[0].environments[0]: "production" is not a configured environment (dev, stage, prod)',
    );
  });
});
