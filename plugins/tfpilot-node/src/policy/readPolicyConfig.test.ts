import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { examplePolicies } from './examplePolicies';
import { PolicyEngine } from './PolicyEngine';
import { readPolicyConfig } from './readPolicyConfig';
import { configError } from './__testUtils__/policyTestUtils';

const naming = {
  id: 'names',
  type: 'naming',
  inputs: ['name'],
  pattern: '[a-z]+',
};

describe('readPolicyConfig', () => {
  it('reads no rules when tfpilot.policies is absent', () => {
    expect(readPolicyConfig(new ConfigReader({}))).toEqual({
      rules: [],
      customRuleTimeoutMs: 10_000,
    });
  });

  it('reads the example policies, in order', () => {
    const { rules, customRuleTimeoutMs } = readPolicyConfig(
      new ConfigReader({
        tfpilot: {
          policies: { ...examplePolicies, customRuleTimeoutSeconds: 2.5 },
        },
      }),
    );
    expect(rules.map(r => [r.id, r.phase])).toEqual([
      ['resource-names', 'pre-plan'],
      ['tags', 'pre-plan'],
      ['regions', 'pre-plan'],
      ['prod-modules', 'pre-plan'],
      ['protected-data', 'post-plan'],
      ['prod-cost', 'post-plan'],
      ['dev-cost', 'post-plan'],
      ['resource-types', 'post-plan'],
    ]);
    expect(customRuleTimeoutMs).toBe(2500);
  });

  it('throws an InputError naming the exact key', () => {
    const config = new ConfigReader({
      tfpilot: {
        policies: {
          rules: [naming, naming, { ...naming, id: 'third', pattern: '(' }],
        },
      },
    });
    expect(() => readPolicyConfig(config)).toThrow(InputError);
    expect(() => readPolicyConfig(config)).toThrow(
      'tfpilot.policies.rules[2].pattern: not a valid regular expression: Unterminated group; tfpilot.policies.rules[1].id: "names" is already the id of rules[0]',
    );
  });

  it('names unknown and missing rule types', () => {
    expect(
      configError([
        { ...naming, type: 'nameing' },
        { id: 'x' },
        'naming',
        [naming],
      ]),
    ).toBe(
      [
        'tfpilot.policies.rules[0].type: "nameing" is not a rule type; use one of naming, required-tags, allowed-regions, allowed-modules, protected-resources, max-cost-increase, resource-types',
        'tfpilot.policies.rules[1].type: missing; use one of naming, required-tags, allowed-regions, allowed-modules, protected-resources, max-cost-increase, resource-types',
        'tfpilot.policies.rules[2]: must be a rule (an object with a type: naming, required-tags, allowed-regions, allowed-modules, protected-resources, max-cost-increase, resource-types)',
        'tfpilot.policies.rules[3].type: must be a rule (an object with a type: naming, required-tags, allowed-regions, allowed-modules, protected-resources, max-cost-increase, resource-types)',
      ].join('; '),
    );
  });

  it('names wrong common fields', () => {
    expect(
      configError([
        {
          ...naming,
          id: 'Bad Id',
          severity: 'fatal',
          environments: [],
          message: '',
        },
      ]),
    ).toBe(
      [
        'tfpilot.policies.rules[0].id: lower-case letters, digits, ".", "_" and "-", at most 64 characters',
        'tfpilot.policies.rules[0].severity: Invalid option: expected one of "error"|"warning"',
        'tfpilot.policies.rules[0].message: Too small: expected string to have >=1 characters',
        'tfpilot.policies.rules[0].environments: Too small: expected array to have >=1 items',
      ].join('; '),
    );
  });

  it('names wrong top-level keys', () => {
    expect(() =>
      readPolicyConfig(
        new ConfigReader({
          tfpilot: { policies: { rules: {}, timeout: 3 } },
        }),
      ),
    ).toThrow(
      'tfpilot.policies.rules: Invalid input: expected array, received object; tfpilot.policies.timeout: unknown key',
    );
  });

  it('checks environments against the given names', () => {
    expect(
      configError([{ ...naming, environments: ['qa', 'prod'] }], {
        environments: ['prod'],
      }),
    ).toBe(
      'tfpilot.policies.rules[0].environments[0]: "qa" is not a configured environment (prod)',
    );
  });

  it('checks environments against tfpilot.environments by default', () => {
    const config = new ConfigReader({
      tfpilot: {
        environments: [{ name: 'qa' }, { name: 'live', production: true }],
        policies: { rules: [{ ...naming, environments: ['prod'] }] },
      },
    });
    expect(() => PolicyEngine.fromConfig(config)).toThrow(
      'tfpilot.policies.rules[0].environments[0]: "prod" is not a configured environment (qa, live)',
    );
  });
});
