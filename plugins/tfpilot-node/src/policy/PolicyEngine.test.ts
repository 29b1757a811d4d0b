import {
  createBackendModule,
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { PolicyResult } from '@tfpilot/backstage-plugin-tfpilot-common';
import { examplePolicies } from './examplePolicies';
import { tfpilotPolicyExtensionPoint } from './extensionPoint';
import { PolicyEngine } from './PolicyEngine';
import { MAX_RESULTS_PER_RULE } from './runRule';
import { PolicyRuleConfig } from './rules';
import { TfpilotPolicyRule } from './types';
import {
  change,
  costOf,
  engineWith,
  planOf,
  postPlan,
  prePlan,
} from './__testUtils__/policyTestUtils';

const naming = {
  id: 'names',
  type: 'naming',
  inputs: ['name'],
  pattern: '[a-z]+',
} satisfies PolicyRuleConfig;

function custom(
  id: string,
  evaluate: (context: unknown) => unknown,
  phase: 'pre-plan' | 'post-plan' = 'pre-plan',
): TfpilotPolicyRule {
  return { id, phase, evaluate } as TfpilotPolicyRule;
}

function engineWithCustom(
  rules: TfpilotPolicyRule[],
  policies: Record<string, unknown> = {},
): PolicyEngine {
  return PolicyEngine.fromConfig(
    new ConfigReader({
      tfpilot: { policies: { rules: [naming], ...policies } },
    }),
    { customRules: rules },
  );
}

const failure = (ruleId: string, reason: string): PolicyResult => ({
  ruleId,
  severity: 'error',
  message: `policy rule "${ruleId}" could not be evaluated, so the request is blocked: ${reason}`,
  remediation:
    'This is a problem of the rule, not necessarily of the request: ask the platform team to check the TfPilot backend logs for this rule.',
});

describe('PolicyEngine', () => {
  it('reports every violation of every rule at once, in rule order', async () => {
    const engine = engineWith(examplePolicies.rules);
    const context = prePlan({
      environment: 'prod',
      module: { name: 'lambda', version: '1.0.0' },
      inputs: { name: 'X', region: 'us-east-1', tags: { team: 'a' } },
    });
    const results = await engine.evaluatePrePlan(context);
    expect(results.map(r => [r.ruleId, r.target])).toEqual([
      ['resource-names', 'inputs.name'],
      ['tags', 'inputs.tags.cost-center'],
      ['tags', 'inputs.tags.env'],
      ['regions', 'inputs.region'],
      ['prod-modules', 'module'],
    ]);
    // Deterministic: the same request gives the same results.
    expect(await engine.evaluatePrePlan(context)).toEqual(results);
    expect(engine.hasBlockingResults(results)).toBe(true);
  });

  it('runs only the rules of the phase asked for', async () => {
    const engine = engineWith(examplePolicies.rules);
    const plan = planOf([change('aws_db_instance.main', ['delete'])]);
    const results = await engine.evaluatePostPlan(
      postPlan(plan, costOf(900), {
        inputs: { name: 'X' },
      }),
    );
    expect(results.map(r => [r.ruleId, r.target])).toEqual([
      ['protected-data', 'aws_db_instance.main'],
      ['prod-cost', 'cost'],
    ]);
  });

  it('tells blocking results from warnings', () => {
    const engine = engineWith([]);
    const warning: PolicyResult = {
      ruleId: 'a',
      severity: 'warning',
      message: 'm',
    };
    expect(engine.hasBlockingResults([])).toBe(false);
    expect(engine.hasBlockingResults([warning])).toBe(false);
    expect(
      engine.hasBlockingResults([warning, { ...warning, severity: 'error' }]),
    ).toBe(true);
  });

  it('lists its rules with their source', () => {
    const engine = engineWithCustom([custom('acme.owner', () => [])]);
    expect(engine.listRules()).toEqual([
      { id: 'names', phase: 'pre-plan', source: 'config' },
      { id: 'acme.owner', phase: 'pre-plan', source: 'custom' },
    ]);
  });

  describe('custom rules', () => {
    it('adds their results after the configured ones', async () => {
      const engine = engineWithCustom([
        custom('acme.owner', () => [
          {
            ruleId: 'acme.owner',
            severity: 'warning',
            message: 'owner is a user',
            target: 'owner',
          },
        ]),
        custom('acme.async', async () => []),
      ]);
      expect(
        await engine.evaluatePrePlan(prePlan({ inputs: { name: '1' } })),
      ).toEqual([
        expect.objectContaining({ ruleId: 'names' }),
        {
          ruleId: 'acme.owner',
          severity: 'warning',
          message: 'owner is a user',
          target: 'owner',
        },
      ]);
    });

    it('turns a rule that throws into one error result', async () => {
      const engine = engineWithCustom([
        custom('acme.throws', () => {
          throw new TypeError('boom');
        }),
        custom('acme.rejects', async () => {
          throw new Error('no network');
        }),
        custom('acme.throws-string', () => {
          // eslint-disable-next-line no-throw-literal
          throw 'text';
        }),
      ]);
      expect(await engine.evaluatePrePlan(prePlan())).toEqual([
        failure('acme.throws', 'it threw TypeError: boom'),
        failure('acme.rejects', 'it threw Error: no network'),
        failure('acme.throws-string', 'it threw a string'),
      ]);
    });

    it.each([
      [
        'a non-list',
        () => 'ok',
        'it returned a string instead of a list of results',
      ],
      [
        'undefined',
        () => undefined,
        'it returned undefined instead of a list of results',
      ],
      [
        'a result without message',
        () => [{ ruleId: 'acme.bad', severity: 'error' }],
        'result 0 is invalid: message: Invalid input: expected string, received undefined',
      ],
      [
        'an unknown severity',
        () => [{ ruleId: 'acme.bad', severity: 'fatal', message: 'm' }],
        'result 0 is invalid: severity: Invalid option: expected one of "error"|"warning"',
      ],
      [
        'an extra key',
        () => [{ ruleId: 'acme.bad', severity: 'error', message: 'm', x: 1 }],
        'result 0 is invalid: result: Unrecognized key: "x"',
      ],
      [
        "another rule's id",
        () => [{ ruleId: 'names', severity: 'warning', message: 'm' }],
        `result 0 is invalid: ruleId is "names", not the rule's id`,
      ],
      [
        'null in the list',
        () => [null],
        'result 0 is invalid: result: Invalid input: expected object, received null',
      ],
    ])('turns %s into one error result', async (_, evaluate, reason) => {
      const engine = engineWithCustom([custom('acme.bad', evaluate)]);
      expect(await engine.evaluatePrePlan(prePlan())).toEqual([
        failure('acme.bad', reason),
      ]);
    });

    it('drops the valid results of a rule that also returns an invalid one', async () => {
      const valid = { ruleId: 'acme.bad', severity: 'warning', message: 'ok' };
      const engine = engineWithCustom([
        custom('acme.bad', () => [valid, { ...valid, message: '' }]),
      ]);
      const results = await engine.evaluatePrePlan(prePlan());
      expect(results).toHaveLength(1);
      expect(results[0].severity).toBe('error');
    });

    it('stops waiting for a rule after the timeout', async () => {
      const engine = engineWithCustom(
        [custom('acme.slow', () => new Promise(() => {}))],
        { customRuleTimeoutSeconds: 0.05 },
      );
      expect(await engine.evaluatePrePlan(prePlan())).toEqual([
        failure('acme.slow', 'no answer within 50 ms'),
      ]);
    });

    it('keeps the first results of a rule that returns many', async () => {
      const many = Array.from({ length: 250 }, (_, i) => ({
        ruleId: 'acme.many',
        severity: i === 200 ? 'error' : 'warning',
        message: `m${i}`,
      }));
      const engine = engineWithCustom([custom('acme.many', () => many)]);
      const results = await engine.evaluatePrePlan(prePlan());
      expect(results).toHaveLength(MAX_RESULTS_PER_RULE + 1);
      expect(results[MAX_RESULTS_PER_RULE]).toEqual({
        ruleId: 'acme.many',
        severity: 'error',
        message: '…and 150 more results of this rule, not listed',
      });
    });

    it('counts results past the cap as a warning only if all are warnings', async () => {
      const warning = {
        ruleId: 'acme.many',
        severity: 'warning',
        message: 'm',
      };
      const warnings = Array.from({ length: 101 }, () => warning);
      const summary = async (extra: unknown[]) => {
        const engine = engineWithCustom([
          custom('acme.many', () => [...warnings, ...extra]),
        ]);
        return (await engine.evaluatePrePlan(prePlan())).at(-1);
      };
      expect(await summary([])).toMatchObject({
        severity: 'warning',
        message: '…and 1 more results of this rule, not listed',
      });
      expect(await summary([{ garbage: true }])).toMatchObject({
        severity: 'error',
        message: '…and 2 more results of this rule, not listed',
      });
    });

    it('gives rules a frozen copy: none can change what others see', async () => {
      const context = prePlan({ inputs: { name: 'orders' } });
      const seen: unknown[] = [];
      const engine = engineWithCustom([
        custom('acme.mutates', c => {
          (
            c as { request: { inputs: Record<string, unknown> } }
          ).request.inputs.name = 'X';
          return [];
        }),
        custom('acme.reads', c => {
          seen.push((c as { request: { inputs: unknown } }).request.inputs);
          return [];
        }),
      ]);
      const results = await engine.evaluatePrePlan(context);
      expect(results).toEqual([
        expect.objectContaining({
          ruleId: 'acme.mutates',
          message: expect.stringMatching(/read.only|frozen|Cannot assign/i),
        }),
      ]);
      expect(seen).toEqual([{ name: 'orders' }]);
      expect(context.request.inputs).toEqual({ name: 'orders' });
    });

    it('fails custom rules closed when the context cannot be copied', async () => {
      const context = prePlan({ inputs: { callback: () => 1 } });
      const engine = engineWithCustom([custom('acme.any', () => [])]);
      const [result] = await engine.evaluatePrePlan(context);
      expect(result.ruleId).toBe('acme.any');
      expect(result.message).toMatch(/the policy context could not be copied/);
    });

    it('logs a rule that fails, with its error', async () => {
      const logger = mockServices.logger.mock();
      const engine = PolicyEngine.fromConfig(new ConfigReader({}), {
        logger,
        customRules: [
          custom('acme.throws', () => {
            throw new Error('boom');
          }),
        ],
      });
      await engine.evaluatePrePlan(prePlan());
      expect(logger.warn).toHaveBeenCalledWith(
        'Policy rule "acme.throws" could not be evaluated: it threw Error: boom',
        expect.any(Error),
      );
    });

    it.each([
      [
        { id: 'names', phase: 'pre-plan', evaluate: () => [] },
        'custom policy rule #1 "names" (added through tfpilotPolicyExtensionPoint): id "names" is already used by another rule',
      ],
      [
        { id: 'Bad id', phase: 'pre-plan', evaluate: () => [] },
        'custom policy rule #1 "Bad id" (added through tfpilotPolicyExtensionPoint): id must be lower-case letters, digits, ".", "_" and "-", at most 64 characters',
      ],
      [
        { id: 'x', phase: 'apply', evaluate: () => [] },
        'custom policy rule #1 "x" (added through tfpilotPolicyExtensionPoint): phase must be one of pre-plan, post-plan',
      ],
      [
        { id: 'x', phase: 'pre-plan' },
        'custom policy rule #1 "x" (added through tfpilotPolicyExtensionPoint): evaluate must be a function',
      ],
      [
        null,
        'custom policy rule #1 (added through tfpilotPolicyExtensionPoint): not a rule object',
      ],
    ])('refuses the invalid custom rule %p at start-up', (rule, message) => {
      expect(() =>
        engineWithCustom([rule as unknown as TfpilotPolicyRule]),
      ).toThrow(message);
    });

    it('refuses two custom rules with one id', () => {
      expect(() =>
        engineWithCustom([custom('a', () => []), custom('a', () => [])]),
      ).toThrow(
        'custom policy rule #2 "a" (added through tfpilotPolicyExtensionPoint): id "a" is already used by another rule',
      );
    });
  });

  describe('through the extension point', () => {
    it('receives rules from backend modules', async () => {
      let engine: PolicyEngine | undefined;
      // A minimal stand-in for the TfPilot backend plugin: it collects the
      // rules modules add, then builds its engine from config.
      const plugin = createBackendPlugin({
        pluginId: 'tfpilot',
        register(env) {
          const rules: TfpilotPolicyRule[] = [];
          env.registerExtensionPoint(tfpilotPolicyExtensionPoint, {
            addRule: rule => rules.push(rule),
          });
          env.registerInit({
            deps: { config: coreServices.rootConfig },
            async init({ config }) {
              engine = PolicyEngine.fromConfig(config, { customRules: rules });
            },
          });
        },
      });
      const module = createBackendModule({
        pluginId: 'tfpilot',
        moduleId: 'acme-policies',
        register(env) {
          env.registerInit({
            deps: { policies: tfpilotPolicyExtensionPoint },
            async init({ policies }) {
              policies.addRule({
                id: 'acme.owner-is-group',
                phase: 'pre-plan',
                evaluate: ({ request }) =>
                  request.owner.startsWith('group:')
                    ? []
                    : [
                        {
                          ruleId: 'acme.owner-is-group',
                          severity: 'error',
                          message: 'requests must be owned by a group',
                          target: 'owner',
                        },
                      ],
              });
              policies.addRule({
                id: 'acme.broken',
                phase: 'post-plan',
                evaluate: () => {
                  throw new Error('bug');
                },
              });
            },
          });
        },
      });
      await startTestBackend({
        features: [
          plugin,
          module,
          mockServices.rootConfig.factory({
            data: { tfpilot: { policies: { rules: [naming] } } },
          }),
        ],
      });
      expect(engine?.listRules().map(r => r.id)).toEqual([
        'names',
        'acme.owner-is-group',
        'acme.broken',
      ]);
      const context = prePlan();
      context.request.owner = 'user:default/jane';
      expect(await engine?.evaluatePrePlan(context)).toEqual([
        {
          ruleId: 'acme.owner-is-group',
          severity: 'error',
          message: 'requests must be owned by a group',
          target: 'owner',
        },
      ]);
      expect(await engine?.evaluatePostPlan(postPlan(planOf()))).toEqual([
        failure('acme.broken', 'it threw Error: bug'),
      ]);
    });
  });
});
