import {
  configError,
  engineWith,
  prePlan,
} from '../__testUtils__/policyTestUtils';
import { PolicyRuleConfig } from '.';

const rule = {
  id: 'tags',
  type: 'required-tags',
  tags: [
    { key: 'team' },
    { key: 'cost-center', allowed: ['cc-100', 'cc-200'] },
    { key: 'env', allowed: ['{{environment}}', 'shared-{{ environment }}'] },
  ],
} satisfies PolicyRuleConfig;

const good = { team: 'payments', 'cost-center': 'cc-100', env: 'dev' };

async function check(tags: unknown, extra = {}, environment = 'dev') {
  return engineWith([{ ...rule, ...extra }]).evaluatePrePlan(
    prePlan({ inputs: tags === undefined ? {} : { tags }, environment }),
  );
}

describe('required-tags rule', () => {
  it('passes a complete tag map, with extra tags', async () => {
    expect(await check({ ...good, owner: 'x' })).toEqual([]);
  });

  it('replaces {{environment}} with the request environment', async () => {
    expect(await check({ ...good, env: 'prod' }, {}, 'prod')).toEqual([]);
    expect(await check({ ...good, env: 'shared-dev' })).toEqual([]);
    expect(await check({ ...good, env: 'prod' })).toEqual([
      {
        ruleId: 'tags',
        severity: 'error',
        target: 'inputs.tags.env',
        message:
          'tag "env" has the value "prod", which is not allowed (allowed: dev, shared-dev)',
        remediation: 'Set the tag "env" to one of: dev, shared-dev.',
      },
    ]);
  });

  it('reports every problem at once, in tag order', async () => {
    const results = await check({ 'cost-center': 'cc-999', env: '  ' });
    expect(results.map(r => [r.target, r.message])).toEqual([
      ['inputs.tags.team', 'required tag "team" is missing from inputs.tags'],
      [
        'inputs.tags.cost-center',
        'tag "cost-center" has the value "cc-999", which is not allowed (allowed: cc-100, cc-200)',
      ],
      ['inputs.tags.env', 'tag "env" is empty'],
    ]);
  });

  it('reports each required tag when the map is absent or null', async () => {
    for (const tags of [undefined, null]) {
      const results = await check(tags);
      expect(results.map(r => r.message)).toEqual([
        'required tag "team" is missing: inputs.tags is not set',
        'required tag "cost-center" is missing: inputs.tags is not set',
        'required tag "env" is missing: inputs.tags is not set',
      ]);
    }
  });

  it.each([
    ['a string', 'team=payments'],
    ['an array', [['team', 'payments']]],
    ['a number', 7],
  ])('refuses a tag map that is %s', async (type, tags) => {
    expect(await check(tags)).toEqual([
      expect.objectContaining({
        target: 'inputs.tags',
        message: `inputs.tags must be a map of tag names to values, but is ${type}`,
      }),
    ]);
  });

  it('refuses tag values that are not strings', async () => {
    const results = await check({ ...good, team: 12, env: { name: 'dev' } });
    expect(results.map(r => r.message)).toEqual([
      'tag "team" must be a string, but is a number',
      'tag "env" must be a string, but is an object',
    ]);
  });

  it('says when a key differs only in case', async () => {
    const [result] = await check({ ...good, team: null, Team: 'x' });
    expect(result.message).toBe('required tag "team" has no value (null)');
    const { team, ...rest } = good;
    const [caseOnly] = await check({ ...rest, Team: team });
    expect(caseOnly.message).toBe(
      'required tag "team" is missing from inputs.tags; found "Team" instead: tag keys are case-sensitive',
    );
  });

  it('refuses prototype keys and never reads through the prototype', async () => {
    const tags = JSON.parse(
      '{"__proto__": {"team": "x"}, "constructor": "y", "cost-center": "cc-100", "env": "dev"}',
    );
    const results = await check(tags);
    expect(results.map(r => [r.target, r.message])).toEqual([
      [
        'inputs.tags.__proto__',
        'inputs.tags has a tag named "__proto__", a reserved JavaScript property name that is not allowed as a tag key',
      ],
      [
        'inputs.tags.constructor',
        'inputs.tags has a tag named "constructor", a reserved JavaScript property name that is not allowed as a tag key',
      ],
      ['inputs.tags.team', 'required tag "team" is missing from inputs.tags'],
    ]);
    expect(({} as Record<string, unknown>).team).toBeUndefined();
  });

  it('checks tag patterns and look-alikes', async () => {
    const patterned = {
      tags: [{ key: 'cost-center', pattern: '^cc-[0-9]{3}$' }],
    };
    expect(await check({ 'cost-center': 'cc-123' }, patterned)).toEqual([]);
    const [result] = await check({ 'cost-center': '\u0441c-123' }, patterned);
    expect(result.message).toBe(
      'tag "cost-center" "\\u0441c-123" does not match the pattern "^cc-[0-9]{3}$"; it contains non-ASCII characters (first: U+0441 at position 1), which may be look-alikes of ASCII letters',
    );
  });

  it('reads the tag map from another input', async () => {
    const engine = engineWith([
      { ...rule, input: 'labels', tags: [{ key: 'team' }] },
    ]);
    expect(
      await engine.evaluatePrePlan(
        prePlan({ inputs: { labels: { team: 'a' } } }),
      ),
    ).toEqual([]);
  });

  it('applies only in the listed environments', async () => {
    expect(await check({}, { environments: ['prod'] })).toEqual([]);
    expect(await check({}, { environments: ['prod'] }, 'prod')).toHaveLength(3);
  });

  describe('configuration', () => {
    it('names every wrong key of the tags', () => {
      expect(
        configError([
          {
            ...rule,
            tags: [
              { key: 'team' },
              { key: 'team' },
              { key: '__proto__' },
              { key: 'env', allowed: ['${environment}', '{{owner}}'] },
              { key: 'cc', pattern: '(' },
            ],
          },
        ]),
      ).toBe(
        [
          'tfpilot.policies.rules[0].tags[1].key: "team" is listed twice',
          'tfpilot.policies.rules[0].tags[2].key: a reserved name',
          'tfpilot.policies.rules[0].tags[3].allowed[0]: unknown placeholder: only {{environment}} is supported (Backstage replaces ${…} with environment variables while loading app-config)',
          'tfpilot.policies.rules[0].tags[3].allowed[1]: unknown placeholder: only {{environment}} is supported (Backstage replaces ${…} with environment variables while loading app-config)',
          'tfpilot.policies.rules[0].tags[4].pattern: not a valid regular expression: Unterminated group',
        ].join('; '),
      );
    });

    it('needs at least one tag', () => {
      expect(configError([{ ...rule, tags: [] }])).toBe(
        'tfpilot.policies.rules[0].tags: Too small: expected array to have >=1 items',
      );
    });
  });
});
