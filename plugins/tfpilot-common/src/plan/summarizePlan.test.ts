import { existsSync, readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { parsePlanJson, summarizePlanJson } from './parsePlan';
import {
  PlanFormatError,
  PlanSummaryBuilder,
  summarizePlan,
} from './PlanSummaryBuilder';
import { renderPlanMarkdown, renderPlanText } from './render';
import { PlanCounts, PlanSummary, SENSITIVE, UNKNOWN } from './types';

// plugins/tfpilot-common/src/plan → the shared fixtures next to the checkout.
const FIXTURES = resolve(__dirname, '../../../../../shared/fixtures');
const PLANS = join(FIXTURES, 'plans');
const MALFORMED = join(PLANS, 'malformed', 'tfjson__invalid_plan.json');

const readText = (file: string): string =>
  readFileSync(join(PLANS, file), 'utf8');
const readPlan = (file: string): unknown => JSON.parse(readText(file));
const summarize = (file: string): PlanSummary =>
  summarizePlanJson(readText(file));

const ZERO: PlanCounts = {
  create: 0,
  update: 0,
  delete: 0,
  replace: 0,
  read: 0,
  noop: 0,
  forget: 0,
};

interface Expected {
  format: string;
  terraform: string | null;
  counts: Partial<PlanCounts>;
  drift: number;
  outputs: number;
  errored?: boolean;
}

/**
 * One row per plan, from the table in fixtures/SOURCES.md (format_version,
 * terraform_version, actions, resource_drift, output_changes), checked
 * against the files by hand. `[delete,create]` and `[create,delete]` count
 * as one replace; `[read]` as a read; `[no-op]` as noop.
 */
const EXPECTED: Record<string, Expected> = {
  'checkov__plan_with_deleted_resources__create-before-destroy.json': {
    format: '1.1',
    terraform: '1.2.4',
    counts: { replace: 1 },
    drift: 0,
    outputs: 0,
  },
  'checkov__runner_plan__55-resources.json': {
    format: '0.1',
    terraform: '0.12.23',
    counts: { create: 55 },
    drift: 0,
    outputs: 10,
  },
  'infracost__terraform_v0.14_plan.json': {
    format: '0.1',
    terraform: '0.14.11',
    counts: { create: 12, noop: 13, update: 1 },
    drift: 0,
    outputs: 0,
  },
  'policy-engine__resource-changes.json': {
    format: '1.1',
    terraform: '1.2.2',
    counts: { create: 1, delete: 1, noop: 1, update: 1 },
    drift: 1,
    outputs: 0,
  },
  'terraform__equivalence__data_read.json': {
    format: '1.1',
    terraform: null,
    counts: { create: 3, read: 1 },
    drift: 0,
    outputs: 0,
  },
  'terraform__equivalence__drift_refresh_only.json': {
    format: '1.1',
    terraform: null,
    counts: {},
    drift: 1,
    outputs: 0,
  },
  'terraform__equivalence__drift_relevant_attributes.json': {
    format: '1.1',
    terraform: null,
    counts: { update: 2 },
    drift: 1,
    outputs: 0,
  },
  'terraform__equivalence__fully_populated_complex_update.json': {
    format: '1.1',
    terraform: null,
    counts: { update: 1 },
    drift: 0,
    outputs: 0,
  },
  'terraform__equivalence__replace_within_set.json': {
    format: '1.1',
    terraform: null,
    counts: { replace: 1 },
    drift: 0,
    outputs: 0,
  },
  'terraform__equivalence__variables_and_outputs.json': {
    format: '1.1',
    terraform: null,
    counts: {},
    drift: 0,
    outputs: 5,
  },
  'terraform__show-json__basic-delete.json': {
    format: '1.0',
    terraform: null,
    counts: { delete: 1, update: 1 },
    drift: 0,
    outputs: 1,
  },
  'terraform__show-json__drift.json': {
    format: '1.0',
    terraform: null,
    counts: { update: 2 },
    drift: 1,
    outputs: 0,
  },
  'terraform__show-json__nested-modules.json': {
    format: '1.0',
    terraform: null,
    counts: { create: 1 },
    drift: 0,
    outputs: 0,
  },
  'terraform__show-json__plan-error.json': {
    format: '1.2',
    terraform: null,
    counts: {},
    drift: 0,
    outputs: 0,
    errored: true,
  },
  'terraform__show-json__provider-aliasing.json': {
    format: '1.0',
    terraform: '1.1.0-dev',
    counts: { create: 10 },
    drift: 0,
    outputs: 0,
  },
  'terraform__show-json__sensitive-values.json': {
    format: '1.0',
    terraform: null,
    counts: { create: 1 },
    drift: 0,
    outputs: 1,
  },
  'terraform__show-json__unknown-output.json': {
    format: '1.1',
    terraform: '1.3.0-dev',
    counts: {},
    drift: 0,
    outputs: 3,
  },
  'tf-plan-format__create.json': {
    format: '1.2',
    terraform: '1.7.5',
    counts: { create: 1 },
    drift: 0,
    outputs: 0,
  },
  'tf-plan-format__delete-create.json': {
    format: '1.2',
    terraform: '1.7.5',
    counts: { replace: 1 },
    drift: 0,
    outputs: 0,
  },
  'tf-plan-format__no-resources.json': {
    format: '1.2',
    terraform: '1.7.5',
    counts: {},
    drift: 0,
    outputs: 0,
  },
  'tf-plan-format__update.json': {
    format: '1.2',
    terraform: '1.7.5',
    counts: { update: 1 },
    drift: 0,
    outputs: 0,
  },
  'tf-summarize__example.json': {
    format: '1.0',
    terraform: '1.1.4',
    counts: { create: 7, noop: 1 },
    drift: 3,
    outputs: 1,
  },
  'tfjson__110_basic.json': {
    format: '1.0',
    terraform: '1.1.0-dev',
    counts: { create: 7 },
    drift: 0,
    outputs: 8,
  },
  'tfjson__action_reason.json': {
    format: '1.2',
    terraform: '1.15.0',
    counts: { replace: 1 },
    drift: 0,
    outputs: 0,
  },
  'tfjson__basic.json': {
    format: '0.1',
    terraform: '0.12.11',
    counts: { create: 7, read: 1 },
    drift: 0,
    outputs: 8,
  },
  'tfjson__identity.json': {
    format: '1.2',
    terraform: '1.13.0-dev',
    counts: { update: 1 },
    drift: 0,
    outputs: 0,
  },
  'tfjson__moved_block.json': {
    format: '1.2',
    terraform: '1.5.3',
    counts: { noop: 1 },
    drift: 0,
    outputs: 0,
  },
  'tfjson__no_changes.json': {
    format: '0.1',
    terraform: '0.12.11',
    counts: { noop: 6 },
    drift: 0,
    outputs: 8,
  },
};

// ---------------------------------------------------------------------------
// Sensitive strings of a plan, found independently of the code under test.

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every string leaf of a value. */
function stringsOf(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) value.forEach(v => stringsOf(v, out));
  else if (isRecord(value))
    Object.values(value).forEach(v => stringsOf(v, out));
  return out;
}

/** String leaves of `value` wherever the mark tree says `true`. */
function markedStrings(value: unknown, marks: unknown, out: Set<string>): void {
  if (marks === true) {
    stringsOf(value, out);
  } else if (Array.isArray(marks) && Array.isArray(value)) {
    marks.forEach((m, i) => markedStrings(value[i], m, out));
  } else if (isRecord(marks) && isRecord(value)) {
    Object.entries(marks).forEach(([k, m]) => markedStrings(value[k], m, out));
  }
}

/**
 * Strings Terraform marks sensitive anywhere in the plan, minus strings that
 * also appear as non-sensitive output values (printing those is correct).
 */
function secretsOf(plan: unknown): string[] {
  const secret = new Set<string>();
  const visible = new Set<string>();
  if (!isRecord(plan)) return [];
  const changes = [
    ...(Array.isArray(plan.resource_changes) ? plan.resource_changes : []),
    ...(Array.isArray(plan.resource_drift) ? plan.resource_drift : []),
  ];
  for (const rc of changes) {
    const c = isRecord(rc) && isRecord(rc.change) ? rc.change : {};
    markedStrings(c.after, c.after_sensitive, secret);
    markedStrings(c.before, c.before_sensitive, secret);
  }
  const plannedOutputs =
    isRecord(plan.planned_values) && isRecord(plan.planned_values.outputs)
      ? plan.planned_values.outputs
      : {};
  const sensitiveByPlan = new Set<string>();
  for (const [name, o] of Object.entries(plannedOutputs)) {
    if (isRecord(o) && o.sensitive === true) {
      sensitiveByPlan.add(name);
      stringsOf(o.value, secret);
    }
  }
  const outputChanges = isRecord(plan.output_changes)
    ? plan.output_changes
    : {};
  for (const [name, c] of Object.entries(outputChanges)) {
    if (!isRecord(c)) continue;
    if (
      sensitiveByPlan.has(name) ||
      c.after_sensitive === true ||
      c.before_sensitive === true
    ) {
      stringsOf(c.after, secret);
      stringsOf(c.before, secret);
    } else {
      stringsOf(c.after, visible);
    }
  }
  return [...secret].filter(s => s !== '' && !visible.has(s)).sort();
}

/** Where a secret shows up in the summary's JSON or either rendering. */
function leaks(plan: unknown, summary: PlanSummary): string[] {
  const places: Record<string, string> = {
    json: JSON.stringify(summary),
    text: renderPlanText(summary),
    markdown: renderPlanMarkdown(summary),
  };
  const found: string[] = [];
  for (const secret of secretsOf(plan)) {
    for (const [place, body] of Object.entries(places)) {
      if (body.includes(JSON.stringify(secret)))
        found.push(`${secret} in ${place}`);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------

describe('golden tests over fixtures/plans', () => {
  it('finds the fixtures relative to the repository', () => {
    expect(existsSync(join(FIXTURES, 'SOURCES.md'))).toBe(true);
  });

  it('has an expected row for every plan in the directory, and no more', () => {
    const files = readdirSync(PLANS)
      .filter(f => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    const summary = summarize(file);
    const counts = { ...ZERO, ...expected.counts };
    expect(summary.formatVersion).toBe(expected.format);
    expect(summary.terraformVersion).toBe(expected.terraform);
    expect(summary.errored).toBe(expected.errored ?? false);
    expect(summary.counts).toEqual(counts);
    expect(summary.drift).toHaveLength(expected.drift);
    expect(summary.outputs).toHaveLength(expected.outputs);
    // Every change but a no-op is listed, each once.
    const listed =
      counts.create +
      counts.update +
      counts.delete +
      counts.replace +
      counts.read +
      counts.forget;
    expect(summary.changes).toHaveLength(listed);
    expect(new Set(summary.changes.map(c => c.address)).size).toBe(listed);
    // Renders deterministically and never prints a sensitive value.
    expect(renderPlanText(summary)).toBe(renderPlanText(summarize(file)));
    expect(renderPlanMarkdown(summary)).toBe(
      renderPlanMarkdown(summarize(file)),
    );
    expect(leaks(readPlan(file), summary)).toEqual([]);
  });

  it('summarizes the parsed document and the text alike', () => {
    const file = 'tf-summarize__example.json';
    expect(summarizePlan(readPlan(file))).toEqual(summarize(file));
  });
});

describe('replace detection', () => {
  it.each([
    [
      'tf-plan-format__delete-create.json',
      'null_resource.foo-bar',
      ['delete', 'create'],
      ['replace_because_cannot_update', 'replace paths: triggers'],
    ],
    [
      'terraform__equivalence__replace_within_set.json',
      'tfcoremock_set.set',
      ['delete', 'create'],
      ['replace_because_cannot_update', 'replace paths: set'],
    ],
    [
      'tfjson__action_reason.json',
      'null_resource.example',
      ['delete', 'create'],
      ['replace_because_tainted'],
    ],
    [
      'checkov__plan_with_deleted_resources__create-before-destroy.json',
      'aws_secretsmanager_secret.default',
      ['create', 'delete'],
      [],
    ],
  ])('%s: one destructive replace', (file, address, actions, reasons) => {
    const summary = summarize(file);
    expect(summary.counts).toEqual({ ...ZERO, replace: 1 });
    expect(summary.changes).toEqual([
      expect.objectContaining({
        address,
        actions,
        replace: true,
        destructive: true,
        reasons,
      }),
    ]);
  });

  it('lists the replace first, marked destructive, in both renderings', () => {
    const summary = summarize('tf-plan-format__delete-create.json');
    const text = renderPlanText(summary);
    expect(text).toContain(
      'Plan: 0 to create, 0 to update, 1 to replace, 0 to delete (0 reads, 0 unchanged)',
    );
    expect(text).toMatch(
      /DESTRUCTIVE CHANGES \(1\)[^\n]*\n {2}! -\/\+ +replace +null_resource\.foo-bar {2}\(replace_because_cannot_update; replace paths: triggers\)\n/,
    );
    expect(renderPlanMarkdown(summary)).toContain(
      '| replace | `null_resource.foo-bar` | replace\\_because\\_cannot\\_update; replace paths: triggers |',
    );
  });
});

describe('other actions', () => {
  it('counts data-source reads as reads (format 0.1)', () => {
    const summary = summarize('tfjson__basic.json');
    expect(summary.changes.filter(c => c.actions.includes('read'))).toEqual([
      {
        address: 'data.null_data_source.baz',
        type: 'null_data_source',
        module: null,
        actions: ['read'],
        replace: false,
        reasons: [],
        destructive: false,
      },
    ]);
    expect(
      summary.changes.find(c => c.address === 'module.foo.null_resource.foo')
        ?.module,
    ).toBe('module.foo');
  });

  it('counts data-source reads as reads, with the reason (format 1.1)', () => {
    const summary = summarize('terraform__equivalence__data_read.json');
    expect(summary.changes[0]).toEqual({
      address: 'data.tfcoremock_simple_resource.read',
      type: 'tfcoremock_simple_resource',
      module: null,
      actions: ['read'],
      replace: false,
      reasons: ['read_because_config_unknown'],
      destructive: false,
    });
    expect(
      summary.changes.filter(c => c.module === 'module.create'),
    ).toHaveLength(2);
  });

  it('marks deletes destructive with their reason', () => {
    const summary = summarize('terraform__show-json__basic-delete.json');
    expect(summary.changes.filter(c => c.destructive)).toEqual([
      expect.objectContaining({
        address: 'test_instance.test-delete',
        actions: ['delete'],
        replace: false,
        reasons: ['delete_because_no_resource_config'],
      }),
    ]);
    const policy = summarize('policy-engine__resource-changes.json');
    expect(policy.changes.map(c => [c.address, c.destructive])).toEqual([
      ['aws_s3_bucket.create_bucket', false],
      ['aws_s3_bucket.delete_bucket', true],
      ['aws_s3_bucket.update_bucket', false],
    ]);
  });

  it('leaves no-ops out of the change list, even moved ones', () => {
    expect(summarize('tfjson__moved_block.json').changes).toEqual([]);
    const example = summarize('tf-summarize__example.json');
    expect(example.changes.map(c => c.address)).not.toContain(
      'module.github["terraform-plan-summary"].github_branch.demo',
    );
  });
});

describe('drift', () => {
  it('lists resource_drift with its actions', () => {
    expect(summarize('tf-summarize__example.json').drift).toEqual([
      {
        address: 'module.github["terraform-plan-summary"].github_branch.demo',
        actions: ['delete'],
      },
      {
        address: 'module.github["terraform-plan-summary"].github_branch.main',
        actions: ['delete'],
      },
      {
        address:
          'module.github["terraform-plan-summary"].github_repository.repository',
        actions: ['delete'],
      },
    ]);
    expect(summarize('policy-engine__resource-changes.json').drift).toEqual([
      {
        address: 'aws_s3_bucket.noop_bucket',
        actions: ['update'],
        attributes: ['tags'],
      },
    ]);
  });

  it('handles a refresh-only plan: drift and nothing else', () => {
    const summary = summarize(
      'terraform__equivalence__drift_refresh_only.json',
    );
    expect(summary.changes).toEqual([]);
    expect(summary.drift).toEqual([
      {
        address: 'tfcoremock_simple_resource.drift',
        actions: ['update'],
        attributes: ['string'],
      },
    ]);
    const text = renderPlanText(summary);
    expect(text).toContain('No changes to resources.');
    expect(text).toMatch(
      /Drift: changed outside Terraform \(1\):\n +~ +changed +tfcoremock_simple_resource\.drift\n/,
    );
  });
});

describe('errored plans', () => {
  it('reports errored: true and renders a banner', () => {
    const summary = summarize('terraform__show-json__plan-error.json');
    expect(summary.errored).toBe(true);
    expect(renderPlanText(summary).split('\n')[0]).toMatch(/^!!! PLAN ERRORED/);
    expect(renderPlanMarkdown(summary)).toContain(
      '> [!CAUTION]\n> **Plan errored.**',
    );
  });

  it('reports errored: false for plans that say so or say nothing', () => {
    expect(summarize('tf-plan-format__no-resources.json').errored).toBe(false);
    expect(summarize('tfjson__basic.json').errored).toBe(false);
  });
});

describe('old format versions', () => {
  it.each([
    'checkov__runner_plan__55-resources.json',
    'infracost__terraform_v0.14_plan.json',
    'tfjson__basic.json',
    'tfjson__no_changes.json',
  ])('%s is format 0.1 and summarizes', file => {
    expect(summarize(file).formatVersion).toBe('0.1');
  });

  it('takes output sensitivity from planned_values in format 0.1', () => {
    // Terraform 0.12 reports every output as "create", even in a plan
    // whose resources are all no-ops; the summary keeps what the plan says.
    const outputs = summarize('tfjson__no_changes.json').outputs;
    expect(outputs.find(o => o.name === 'foo')).toEqual({
      name: 'foo',
      actions: ['create'],
      sensitive: true,
      value: SENSITIVE,
    });
    expect(outputs.find(o => o.name === 'string')).toEqual({
      name: 'string',
      actions: ['create'],
      sensitive: false,
      value: 'foo',
    });
  });
});

describe('sensitive and unknown values', () => {
  it('finds secrets in the fixtures to test against (the check is not vacuous)', () => {
    expect(
      secretsOf(readPlan('terraform__show-json__sensitive-values.json')),
    ).toEqual(['boop']);
  });

  it('masks a sensitive output and never prints its value', () => {
    const file = 'terraform__show-json__sensitive-values.json';
    const summary = summarize(file);
    expect(summary.outputs).toEqual([
      { name: 'test', actions: ['create'], sensitive: true, value: SENSITIVE },
    ]);
    const everything = [
      JSON.stringify(summary),
      renderPlanText(summary),
      renderPlanMarkdown(summary),
    ].join('\n');
    expect(everything).not.toContain('boop');
    expect(renderPlanText(summary)).toContain('test = (sensitive)');
    expect(renderPlanMarkdown(summary)).toContain(
      '| `test` | create | `(sensitive)` |',
    );
  });

  it.each(['tfjson__110_basic.json', 'tfjson__basic.json'])(
    '%s: output foo ("bar") is masked, format 1.0 and 0.1',
    file => {
      const summary = summarize(file);
      const foo = summary.outputs.find(o => o.name === 'foo');
      expect(foo).toEqual({
        name: 'foo',
        actions: ['create'],
        sensitive: true,
        value: SENSITIVE,
      });
      expect(JSON.stringify(foo)).not.toContain('bar');
      const lines = [renderPlanText(summary), renderPlanMarkdown(summary)]
        .join('\n')
        .split('\n');
      expect(lines.filter(l => /^ +\+ +foo = /.test(l))).toEqual([
        '    +   foo = (sensitive)',
      ]);
      expect(lines.filter(l => l.startsWith('| `foo` |'))).toEqual([
        '| `foo` | create | `(sensitive)` |',
      ]);
    },
  );

  it('shows unknown values as "(known after apply)"', () => {
    const summary = summarize('terraform__show-json__unknown-output.json');
    expect(summary.outputs).toEqual([
      {
        name: 'bar',
        actions: ['create'],
        sensitive: false,
        value: ['hello', UNKNOWN, 'world'],
      },
      {
        name: 'baz',
        actions: ['create'],
        sensitive: false,
        value: { greeting: 'hello', subject: 'world', time: UNKNOWN },
      },
      { name: 'foo', actions: ['create'], sensitive: false, value: 'hello' },
    ]);
    const text = renderPlanText(summary);
    expect(text).toContain('bar = ["hello", (known after apply), "world"]');
    expect(text).toContain(
      'baz = { greeting = "hello", subject = "world", time = (known after apply) }',
    );
  });

  it('shows a wholly unknown output (no "after" at all) as unknown', () => {
    const outputs = summarize(
      'checkov__runner_plan__55-resources.json',
    ).outputs;
    expect(outputs.find(o => o.name === 'vpc_id')?.value).toBe(UNKNOWN);
    expect(outputs.find(o => o.name === 'username')?.value).toBe(
      '123456789123-acme-corp-user',
    );
  });
});

describe('the malformed fixture', () => {
  // The file is terraform-json's negative test: inside
  // configuration.root_module.variables.foo, `"default": {}}}}}}},` closes
  // every open object, so the document ends at character 15543 (line 676,
  // column 29) and the rest of the file is trailing garbage: not JSON.
  const text = readFileSync(MALFORMED, 'utf8');

  it('is rejected as invalid JSON with a one-line message naming the place', () => {
    const errors: unknown[] = [];
    try {
      summarizePlanJson(text);
    } catch (error) {
      errors.push(error);
    }
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error).toBeInstanceOf(PlanFormatError);
    const message = (error as Error).message;
    expect(message).toMatch(/^not valid JSON: /);
    expect(message).toContain('after JSON at position 15543');
    expect(message).toContain('line 676 column 29');
    expect(message).not.toContain('\n');
  });

  it('does not quote the file (its sensitive "foo" = "bar") in the message', () => {
    const message = (() => {
      try {
        parsePlanJson(text);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).not.toMatch(/bar|foobar|null_resource/);
  });
});

// ---------------------------------------------------------------------------

/** The message of the PlanFormatError that `fn` throws, or a note that it did not. */
function formatError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof PlanFormatError
      ? error.message
      : `not a PlanFormatError: ${String(error)}`;
  }
  return 'did not throw';
}

const plan = (extra: Record<string, unknown>): Record<string, unknown> => ({
  format_version: '1.2',
  terraform_version: '1.9.0',
  planned_values: { root_module: {} },
  ...extra,
});

const change = (actions: unknown, address = 'aws_s3_bucket.b') => ({
  address,
  mode: 'managed',
  type: 'aws_s3_bucket',
  name: 'b',
  change: { actions, before: null, after: {} },
});

describe('hostile and wrong documents', () => {
  it.each([
    [42, 'the document is a number, not a JSON object'],
    ['plan', 'the document is a string, not a JSON object'],
    [null, 'the document is null, not a JSON object'],
    [true, 'the document is a boolean, not a JSON object'],
    [[], 'the document is a JSON array, not a JSON object'],
    [[{ format_version: '1.2' }], 'the document is a JSON array'],
  ])('rejects %j: %s', (doc, expected) => {
    expect(formatError(() => summarizePlan(doc))).toContain(expected);
  });

  it('rejects `terraform show -json` output of a state', () => {
    const state = {
      format_version: '1.0',
      terraform_version: '1.5.7',
      values: { root_module: { resources: [] } },
    };
    expect(formatError(() => summarizePlan(state))).toBe(
      'not a Terraform plan: this is `terraform show -json` output of a state, not of a plan (it has values but no planned_values or resource_changes)',
    );
  });

  it('rejects a state with no values and nothing else', () => {
    expect(formatError(() => summarizePlan({ format_version: '1.0' }))).toMatch(
      /^not a Terraform plan: no planned_values.*state file/,
    );
  });

  it('rejects a raw terraform.tfstate', () => {
    const tfstate = {
      version: 4,
      terraform_version: '1.5.7',
      serial: 3,
      lineage: '0f6b1c52-5b2a-4d52-9f0e-7d1f7e0f2a11',
      outputs: {},
      resources: [],
    };
    expect(formatError(() => summarizePlan(tfstate))).toMatch(
      /^not a Terraform plan: this is a raw state file/,
    );
  });

  it('rejects an Infracost JSON file given as a plan', () => {
    const text = readFileSync(
      join(FIXTURES, 'infracost', 'breakdown__format_json_with_usage.json'),
      'utf8',
    );
    expect(formatError(() => summarizePlanJson(text))).toBe(
      'not a Terraform plan: this is Infracost JSON output, not `terraform show -json` output',
    );
  });

  it('rejects a plan without format_version', () => {
    const doc = plan({ resource_changes: [] });
    delete doc.format_version;
    expect(formatError(() => summarizePlan(doc))).toBe(
      'not a Terraform plan: format_version is missing',
    );
  });

  it.each([
    ['2.0', 'format_version 2.0 is newer than this tfpilot understands'],
    ['10.1', 'format_version 10.1 is newer'],
    [1.2, 'format_version is 1.2, expected a version such as "1.2"'],
    ['1', 'format_version is "1", expected a version'],
    ['latest', 'format_version is "latest", expected'],
  ])('rejects format_version %j', (version, expected) => {
    expect(
      formatError(() => summarizePlan(plan({ format_version: version }))),
    ).toContain(expected);
  });

  it.each([
    [{}, 'resource_changes is an object, expected a list'],
    ['all', 'resource_changes is "all", expected a list'],
    [7, 'resource_changes is 7, expected a list'],
  ])('rejects resource_changes %j', (value, expected) => {
    expect(
      formatError(() => summarizePlan(plan({ resource_changes: value }))),
    ).toBe(expected);
  });

  it('rejects resource_drift that is not a list', () => {
    expect(
      formatError(() => summarizePlan(plan({ resource_drift: { a: 1 } }))),
    ).toBe('resource_drift is an object, expected a list');
  });

  it('rejects an unknown action, naming it and the resource', () => {
    expect(
      formatError(() =>
        summarizePlan(plan({ resource_changes: [change(['frobnicate'])] })),
      ),
    ).toBe(
      'resource_changes[0] (aws_s3_bucket.b): unknown action "frobnicate" (expected no-op, create, read, update, delete, forget)',
    );
  });

  it.each([
    [['update', 'delete'], 'unexpected action combination ["update","delete"]'],
    [['delete', 'create', 'update'], 'unexpected action combination'],
    [['create', 'create'], 'unexpected action combination'],
    [[], 'change.actions is an empty list'],
    ['create', 'change.actions is "create", expected a list'],
    [undefined, 'change.actions is missing'],
    [[7], 'unknown action 7'],
  ])('rejects actions %j', (actions, expected) => {
    expect(
      formatError(() =>
        summarizePlan(plan({ resource_changes: [change(actions)] })),
      ),
    ).toContain(expected);
  });

  it.each([
    [[1], 'resource_changes[0] is not an object'],
    [
      [{ address: 'a.b', type: 'a' }],
      'resource_changes[0] (a.b): change is missing or not an object',
    ],
    [
      [{ type: 'a', change: { actions: ['create'] } }],
      'resource_changes[0]: address is missing, expected a string',
    ],
    [
      [{ address: 'a.b', type: 5, change: { actions: ['delete'] } }],
      'resource_changes[0] (a.b): type is 5, expected a string',
    ],
  ])('rejects resource change %j', (changes, expected) => {
    expect(
      formatError(() => summarizePlan(plan({ resource_changes: changes }))),
    ).toBe(expected);
  });

  it('rejects output_changes that are not an object, or bad output actions', () => {
    expect(formatError(() => summarizePlan(plan({ output_changes: [] })))).toBe(
      'output_changes is not an object',
    );
    expect(
      formatError(() =>
        summarizePlan(plan({ output_changes: { x: { actions: ['move'] } } })),
      ),
    ).toMatch(/^output_changes\["x"\]: unknown action "move"/);
  });

  it('keeps every message on one line, whatever the plan holds', () => {
    const address = 'aws_s3_bucket.b\n\u001b[31mEVIL\r\nline';
    const messages = [
      formatError(() =>
        summarizePlan(plan({ resource_changes: [change(['x\ny'], address)] })),
      ),
      formatError(() =>
        summarizePlan(
          plan({ output_changes: { 'a\nb': { actions: ['oops\n'] } } }),
        ),
      ),
      formatError(() => summarizePlan(plan({ format_version: '1.\n2' }))),
      formatError(() => summarizePlanJson('{\n"a":\n1,\n}')),
    ];
    expect(
      messages.filter(m => ['\n', '\r', '\u001b'].some(c => m.includes(c))),
    ).toEqual([]);
    expect(messages.filter(m => m === 'did not throw')).toEqual([]);
  });

  it('rejects text that is not JSON without quoting it', () => {
    const secretive = '{"password": "hunter2", "x": bar}';
    const message = formatError(() => summarizePlanJson(secretive));
    expect(message).toMatch(/^not valid JSON: Unexpected token/);
    expect(message).not.toContain('hunter2');
    const long = `{"password": "hunter2", "pad": "${'x'.repeat(
      200,
    )}", "x": bar}`;
    expect(formatError(() => summarizePlanJson(long))).not.toContain('hunter2');
  });

  it.each([
    ['', 'not valid JSON: the file is empty'],
    [' \n\t', 'not valid JSON: the file is empty'],
    ['PK\u0003\u0004\u0014\u0000binary', 'this is a binary plan file'],
    ['{\u0000"\u0000a', 'contains NUL bytes'],
    ['{"format_version":', 'not valid JSON: Unexpected end of JSON input'],
  ])('rejects text %j', (text, expected) => {
    expect(formatError(() => summarizePlanJson(text))).toContain(expected);
  });

  it('accepts a UTF-8 byte-order mark', () => {
    const text = `\ufeff${readText('tf-plan-format__create.json')}`;
    expect(summarizePlanJson(text).counts.create).toBe(1);
  });
});

describe('newer Terraform actions', () => {
  it('counts forget (removed block, destroy = false) as forget, not destructive', () => {
    const summary = summarizePlan(
      plan({ resource_changes: [change(['forget'])] }),
    );
    expect(summary.counts).toEqual({ ...ZERO, forget: 1 });
    expect(summary.changes[0]).toMatchObject({
      actions: ['forget'],
      replace: false,
      destructive: false,
    });
  });

  it('counts [create, forget] as one replace that destroys nothing', () => {
    const summary = summarizePlan(
      plan({ resource_changes: [change(['create', 'forget'])] }),
    );
    expect(summary.counts).toEqual({ ...ZERO, replace: 1 });
    expect(summary.changes[0]).toMatchObject({
      replace: true,
      destructive: false,
    });
  });

  it('formats replace paths with indexes and odd keys', () => {
    const rc = change(['delete', 'create']);
    const summary = summarizePlan(
      plan({
        resource_changes: [
          {
            ...rc,
            action_reason: 'replace_because_cannot_update',
            change: {
              ...rc.change,
              replace_paths: [
                ['ingress', 0, 'cidr'],
                ['tags', 'a b'],
              ],
            },
          },
        ],
      }),
    );
    expect(summary.changes[0].reasons).toEqual([
      'replace_because_cannot_update',
      'replace paths: ingress[0].cidr, tags["a b"]',
    ]);
  });
});

describe('PlanSummaryBuilder fed piece by piece', () => {
  it('gives the same summary whatever order the parts arrive in', () => {
    const doc = readPlan('tfjson__basic.json');
    if (!isRecord(doc) || !isRecord(doc.planned_values))
      throw new Error('fixture changed');
    const resourceChanges: unknown[] = Array.isArray(doc.resource_changes)
      ? doc.resource_changes
      : [];
    const builder = new PlanSummaryBuilder();
    // A streaming reader may meet output_changes before planned_values.
    builder.setOutputChanges(doc.output_changes);
    resourceChanges.forEach((rc, i) => builder.addResourceChange(rc, i));
    builder.setPlannedOutputs(doc.planned_values.outputs);
    builder.setTerraformVersion(doc.terraform_version);
    builder.setFormatVersion(doc.format_version);
    expect(builder.build()).toEqual(summarize('tfjson__basic.json'));
  });

  it('refuses to build without format_version', () => {
    const builder = new PlanSummaryBuilder();
    builder.markPlanContent();
    expect(formatError(() => builder.build())).toBe(
      'not a Terraform plan: format_version is missing',
    );
  });
});
