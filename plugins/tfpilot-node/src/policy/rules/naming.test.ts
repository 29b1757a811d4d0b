import {
  configError,
  engineWith,
  prePlan,
} from '../__testUtils__/policyTestUtils';
import { PolicyRuleConfig } from '.';
import { MAX_MATCHED_LENGTH } from '../lib/safePattern';

const rule = {
  id: 'names',
  type: 'naming',
  inputs: ['name', 'bucket_name'],
  pattern: '^[a-z][a-z0-9-]{2,62}$',
} satisfies PolicyRuleConfig;

async function check(inputs: Record<string, unknown>, extra = {}) {
  return engineWith([{ ...rule, ...extra }]).evaluatePrePlan(
    prePlan({ inputs }),
  );
}

describe('naming rule', () => {
  it('passes names that match', async () => {
    expect(await check({ name: 'orders', bucket_name: 'orders-logs' })).toEqual(
      [],
    );
  });

  it('reports every input that does not match, in input order', async () => {
    expect(await check({ bucket_name: 'Logs', name: '1x' })).toEqual([
      {
        ruleId: 'names',
        severity: 'error',
        target: 'inputs.name',
        message:
          'inputs.name "1x" does not match the pattern "^[a-z][a-z0-9-]{2,62}$"',
        remediation: 'Use a value matching "^[a-z][a-z0-9-]{2,62}$".',
      },
      expect.objectContaining({ target: 'inputs.bucket_name' }),
    ]);
  });

  it('accepts names at the length limit and refuses one more', async () => {
    expect(await check({ name: `a${'b'.repeat(62)}` })).toEqual([]);
    expect(await check({ name: `a${'b'.repeat(63)}` })).toHaveLength(1);
    expect(await check({ name: 'abc' })).toEqual([]);
    expect(await check({ name: 'ab' })).toHaveLength(1);
  });

  it('skips absent and null inputs unless required', async () => {
    expect(await check({})).toEqual([]);
    expect(await check({ name: null })).toEqual([]);
    expect(await check({}, { required: true })).toEqual([
      expect.objectContaining({
        target: 'inputs.name',
        message: 'inputs.name is not set; this naming rule requires it',
      }),
      expect.objectContaining({ target: 'inputs.bucket_name' }),
    ]);
  });

  it.each([
    [42, 'a number'],
    [['orders'], 'an array'],
    [{ value: 'orders' }, 'an object'],
    [true, 'a boolean'],
  ])('fails a name that is %p', async (value, type) => {
    expect(await check({ name: value })).toEqual([
      expect.objectContaining({
        target: 'inputs.name',
        message: `inputs.name must be a string to be checked against the naming pattern, but is ${type}`,
      }),
    ]);
  });

  it('says when a name holds non-ASCII look-alikes', async () => {
    // "оrders" with a Cyrillic о, and "ｏrders" with a fullwidth o.
    const [cyrillic] = await check({ name: '\u043erders' });
    expect(cyrillic.message).toBe(
      'inputs.name "\\u043erders" does not match the pattern "^[a-z][a-z0-9-]{2,62}$"; it contains non-ASCII characters (first: U+043E at position 1), which may be look-alikes of ASCII letters',
    );
    expect(cyrillic.remediation).toMatch(/ASCII characters only/);
    const [fullwidth] = await check({ name: '\uff4frders' });
    expect(fullwidth.message).toMatch(/U\+FF4F/);
  });

  it('fails values too long to be matched, without matching them', async () => {
    const [result] = await check({ name: 'a'.repeat(5_000_000) });
    expect(result.message).toBe(
      `inputs.name is 5000000 characters long; values over ${MAX_MATCHED_LENGTH} characters are not checked against patterns and fail`,
    );
  });

  it('uses the configured message, severity and remediation', async () => {
    expect(
      await check(
        { name: 'X' },
        {
          severity: 'warning',
          message: 'Names are lower-case.',
          remediation: 'See the naming guide.',
        },
      ),
    ).toEqual([
      {
        ruleId: 'names',
        severity: 'warning',
        target: 'inputs.name',
        message: 'Names are lower-case.',
        remediation: 'See the naming guide.',
      },
    ]);
  });

  it('applies only in the listed environments', async () => {
    const engine = engineWith([{ ...rule, environments: ['prod'] }]);
    const inputs = { name: 'X' };
    expect(await engine.evaluatePrePlan(prePlan({ inputs }))).toEqual([]);
    expect(
      await engine.evaluatePrePlan(prePlan({ inputs, environment: 'prod' })),
    ).toHaveLength(1);
  });

  it('reads inputs as own properties only', async () => {
    const inputs = Object.create({ name: 'INHERITED' });
    expect(await check(inputs, { required: false })).toEqual([]);
  });

  describe('configuration', () => {
    it('names an invalid pattern', () => {
      expect(configError([{ ...rule, pattern: '([a-z' }])).toBe(
        'tfpilot.policies.rules[0].pattern: not a valid regular expression: Unterminated character class',
      );
    });

    it('refuses a backtracking pattern', () => {
      expect(configError([{ ...rule, pattern: '^([a-z]+)+$' }])).toMatch(
        /^tfpilot\.policies\.rules\[0\]\.pattern: too slow: it backtracks on long inputs \(possible ReDoS\)/,
      );
    });

    it('names missing, wrong and unknown keys', () => {
      expect(
        configError([
          { id: 'n', type: 'naming', inputs: [], pattern: 3, patern: 'x' },
        ]),
      ).toBe(
        [
          'tfpilot.policies.rules[0].inputs: Too small: expected array to have >=1 items',
          'tfpilot.policies.rules[0].pattern: Invalid input: expected string, received number',
          'tfpilot.policies.rules[0].patern: unknown key',
        ].join('; '),
      );
    });

    it('refuses input names that are not Terraform variable names', () => {
      expect(configError([{ ...rule, inputs: ['a.b'] }])).toBe(
        'tfpilot.policies.rules[0].inputs[0]: not a Terraform variable name',
      );
    });
  });
});
