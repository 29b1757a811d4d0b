/**
 * Hostile requests and plans: wrong types, huge and deep values, look-alike
 * characters, prototype keys. The engine must answer with clear results,
 * quickly, and never crash, hang or echo a large value.
 */
import {
  PlanAction,
  PolicyResult,
  policyResultSchema,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import fc from 'fast-check';
import { examplePolicies } from './examplePolicies';
import { MAX_RESULTS_PER_RULE } from './runRule';
import { TfpilotPolicyRule } from './types';
import {
  change,
  costOf,
  engineWith,
  planOf,
  postPlan,
  prePlan,
} from './__testUtils__/policyTestUtils';
import { PolicyEngine } from './PolicyEngine';
import { ConfigReader } from '@backstage/config';

const engine = engineWith([
  ...examplePolicies.rules,
  {
    id: 'replicas',
    type: 'allowed-regions',
    inputs: ['replica_regions'],
    allowed: ['eu-*'],
  },
]);

/** The longest run of one value a message may show, with quotes and escapes. */
const MAX_ECHO = 100;

function expectWellFormed(results: PolicyResult[]) {
  for (const result of results) {
    expect(policyResultSchema.parse(result)).toEqual(result);
    expect(result.message.length).toBeLessThan(1500);
    // Values are escaped: no control or bidi characters reach a message.
    expect(result.message).not.toMatch(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u);
    expect(result.target?.length ?? 0).toBeLessThanOrEqual(512);
  }
}

/** Runs and checks it did not hang; generous, since CI hosts are shared. */
async function timed<T>(run: () => Promise<T>, maxMs = 15_000): Promise<T> {
  const started = Date.now();
  const value = await run();
  expect(Date.now() - started).toBeLessThan(maxMs);
  return value;
}

const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];

/** Keys that reach the rules: ordinary ones, look-alikes and prototype keys. */
const hostileKey = fc.oneof(
  fc.constantFrom(
    'name',
    'bucket_name',
    'region',
    'tags',
    'replica_regions',
    'team',
    'env',
    'cost-center',
    'Team',
    ...PROTO_KEYS,
  ),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const hostileValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom(
    'eu-west-1',
    'orders',
    'cc-1234',
    'dev',
    'prod',
    '\u043erders',
    'e\u0443-west-1',
  ),
  fc.jsonValue({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }),
);

/** Objects built with JSON.parse, so `__proto__` is an own key as it would be in a request. */
const hostileMap = fc
  .array(fc.tuple(hostileKey, hostileValue), { maxLength: 8 })
  .map(entries => {
    const map: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      Object.defineProperty(map, key, {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
    return map;
  });

describe('generated hostile requests', () => {
  it('always answer with well-formed results', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileMap,
        hostileMap,
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.constantFrom('dev', 'stage', 'prod'),
        async (inputs, tags, moduleName, version, environment) => {
          const context = prePlan({
            inputs: { ...inputs, tags },
            module: { name: moduleName, version },
            environment,
          });
          const results = await engine.evaluatePrePlan(context);
          expectWellFormed(results);
          // Built-in rules handle every shape: none fails to run.
          expect(
            results.filter(r => /could not be evaluated/.test(r.message)),
          ).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses any name holding a non-ASCII character, and says so', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
          .filter(s => /[^\p{ASCII}]/u.test(s)),
        async name => {
          const results = await engine.evaluatePrePlan(
            prePlan({ inputs: { name } }),
          );
          const naming = results.find(r => r.ruleId === 'resource-names');
          expect(naming?.message).toMatch(
            /contains non-ASCII characters \(first: U\+[0-9A-F]{4,6} at position \d+\)/,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never shows more than 100 characters of a value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({
          minLength: 150,
          maxLength: 3000,
          unit: fc.constantFrom('A', 'B', 'Z'),
        }),
        async value => {
          const results = await engine.evaluatePrePlan(
            prePlan({
              inputs: {
                name: value,
                region: value,
                tags: { team: value, env: value, 'cost-center': value },
              },
              module: { name: value, version: value },
            }),
          );
          expect(results.length).toBeGreaterThan(0);
          for (const result of results) {
            const runs =
              `${result.message} ${result.remediation ?? ''}`.match(
                /[ABZ]+/g,
              ) ?? [];
            expect(Math.max(0, ...runs.map(r => r.length))).toBeLessThanOrEqual(
              MAX_ECHO,
            );
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('deterministic hostile requests', () => {
  const MB = 'x'.repeat(5 * 1024 * 1024);

  it('handles megabyte strings everywhere, quickly', async () => {
    const results = await timed(() =>
      engine.evaluatePrePlan(
        prePlan({
          environment: 'prod',
          inputs: {
            name: MB,
            bucket_name: `${MB}!`,
            region: MB,
            replica_regions: [MB, MB],
            tags: { team: MB, 'cost-center': MB, env: MB, [MB]: 'x' },
          },
          module: { name: MB, version: MB },
        }),
      ),
    );
    expectWellFormed(results);
    expect(results.map(r => [r.ruleId, r.target])).toEqual([
      ['resource-names', 'inputs.name'],
      ['resource-names', 'inputs.bucket_name'],
      ['tags', 'inputs.tags.cost-center'],
      ['tags', 'inputs.tags.env'],
      ['regions', 'inputs.region'],
      ['prod-modules', 'module'],
      ['replicas', 'inputs.replica_regions[0]'],
      ['replicas', 'inputs.replica_regions[1]'],
    ]);
    expect(results[0].message).toBe(
      'inputs.name is 5242880 characters long; values over 1024 characters are not checked against patterns and fail',
    );
  });

  it('handles deeply nested values without reading into them', async () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = { tags: deep, name: [deep] };
    const results = await timed(() =>
      engine.evaluatePrePlan(
        prePlan({
          inputs: { name: deep, tags: { team: deep }, region: [[deep]] },
        }),
      ),
    );
    expectWellFormed(results);
    expect(results.map(r => r.message)).toEqual([
      'inputs.name must be a string to be checked against the naming pattern, but is an object',
      'tag "team" must be a string, but is an object',
      'required tag "cost-center" is missing from inputs.tags',
      'required tag "env" is missing from inputs.tags',
      'inputs.region[0] must be a region name, but is an array',
    ]);
  });

  it('handles very long lists and very large tag maps', async () => {
    const tags: Record<string, string> = {
      team: 'a',
      'cost-center': 'cc-1234',
      env: 'dev',
    };
    for (let i = 0; i < 100_000; i++) tags[`k${i}`] = 'v';
    const results = await timed(() =>
      engine.evaluatePrePlan(
        prePlan({
          inputs: {
            tags,
            replica_regions: Array.from({ length: 100_000 }, () => 'us-east-1'),
          },
        }),
      ),
    );
    expectWellFormed(results);
    // One rule reports its first results and counts the rest.
    expect(results).toHaveLength(MAX_RESULTS_PER_RULE + 1);
    expect(results[MAX_RESULTS_PER_RULE].message).toBe(
      '…and 99900 more results of this rule, not listed',
    );
  });

  it('reports prototype keys of tag maps and never pollutes prototypes', async () => {
    const tags = JSON.parse(
      '{"__proto__": {"polluted": true, "team": "x"}, "constructor": {"prototype": {"polluted": true}}, "prototype": "p", "team": "a", "cost-center": "cc-1234", "env": "dev"}',
    );
    const results = await engine.evaluatePrePlan(prePlan({ inputs: { tags } }));
    expect(results.map(r => r.target)).toEqual([
      'inputs.tags.__proto__',
      'inputs.tags.constructor',
      'inputs.tags.prototype',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('does not find inherited tags or inputs', async () => {
    const tags = Object.create({
      team: 'inherited',
      'cost-center': 'cc-1234',
      env: 'dev',
    });
    const inputs = Object.assign(Object.create({ name: 'BAD' }), { tags });
    const results = await engine.evaluatePrePlan(prePlan({ inputs }));
    expect(results.map(r => r.target)).toEqual([
      'inputs.tags.team',
      'inputs.tags.cost-center',
      'inputs.tags.env',
    ]);
  });

  it('fails a built-in rule closed when the request itself misbehaves', async () => {
    const tags = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('hostile proxy');
        },
      },
    );
    const results = await engine.evaluatePrePlan(prePlan({ inputs: { tags } }));
    expect(results).toEqual([
      expect.objectContaining({
        ruleId: 'tags',
        severity: 'error',
        message:
          'policy rule "tags" could not be evaluated, so the request is blocked: it threw Error: hostile proxy',
      }),
    ]);
  });

  it('escapes control characters, bidi overrides and newlines in messages', async () => {
    const name = 'ok\n\u202eevil\u0000';
    const [result] = await engine.evaluatePrePlan(
      prePlan({ inputs: { name } }),
    );
    expect(result.message).toBe(
      'inputs.name "ok\\n\\u202eevil\\u0000" does not match the pattern "^[a-z][a-z0-9-]{2,62}$"; it contains non-ASCII characters (first: U+202E at position 4), which may be look-alikes of ASCII letters',
    );
  });

  it('quotes and cuts hostile tag keys in targets', async () => {
    const key = `team\n${'k'.repeat(10_000)}`;
    const results = await engine.evaluatePrePlan(
      prePlan({
        inputs: { tags: { [key]: 'x', 'cost-center': 'cc-1234', env: 'dev' } },
      }),
    );
    expectWellFormed(results);
    expect(results[0].message).toBe(
      'required tag "team" is missing from inputs.tags',
    );
  });
});

describe('hostile plans and custom rules', () => {
  it('caps a plan deleting thousands of protected resources', async () => {
    const plan = planOf(
      Array.from({ length: 10_000 }, (_, i) =>
        change(`aws_db_instance.db${i}`, ['delete']),
      ),
    );
    const results = await timed(() =>
      engine.evaluatePostPlan(postPlan(plan, costOf(1))),
    );
    expectWellFormed(results);
    expect(results).toHaveLength(MAX_RESULTS_PER_RULE + 1);
    expect(results[MAX_RESULTS_PER_RULE]).toEqual({
      ruleId: 'protected-data',
      severity: 'error',
      message: '…and 9900 more results of this rule, not listed',
    });
  });

  it('cuts huge resource addresses', async () => {
    const address = `aws_db_instance.${'a'.repeat(1_000_000)}`;
    const results = await engine.evaluatePostPlan(
      postPlan(
        planOf([change(address, ['delete'], 'aws_db_instance')]),
        costOf(1),
      ),
    );
    expectWellFormed(results);
    expect(results[0].target?.length).toBe(500);
  });

  it('fails closed on a malformed plan summary', async () => {
    const plan = planOf([
      {
        ...change('aws_db_instance.a', ['delete']),
        actions: null as unknown as PlanAction[],
      },
    ]);
    const results = await engine.evaluatePostPlan(postPlan(plan, costOf(1)));
    expect(results.map(r => [r.ruleId, r.severity])).toEqual([
      ['protected-data', 'error'],
      ['resource-types', 'error'],
    ]);
    expect(results[0].message).toMatch(/could not be evaluated/);
  });

  it('treats non-finite cost figures as unknown', async () => {
    const results = await engine.evaluatePostPlan(
      postPlan(planOf(), costOf(Number.NaN)),
    );
    expect(results).toEqual([
      expect.objectContaining({
        ruleId: 'prod-cost',
        severity: 'error',
        message:
          'the monthly cost could not be checked against the limit of $500.00 in environment "prod": the estimate has no monthly cost difference',
      }),
    ]);
  });

  it('gives custom rules deep contexts, or fails them closed, without crashing', async () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const rule: TfpilotPolicyRule = {
      id: 'acme.any',
      phase: 'pre-plan',
      evaluate: () => [],
    };
    const withCustom = PolicyEngine.fromConfig(new ConfigReader({}), {
      customRules: [rule],
    });
    const results = await timed(() =>
      withCustom.evaluatePrePlan(prePlan({ inputs: { deep } })),
    );
    expectWellFormed(results);
    for (const result of results) {
      expect(result.message).toMatch(/the policy context could not be copied/);
    }
  });
});
