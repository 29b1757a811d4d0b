import { createMockDirectory } from '@backstage/backend-test-utils';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../program';

const fixtures = resolve(__dirname, '../../../../../shared/fixtures');
const repoModules = resolve(__dirname, '../../../../modules');

async function tfpilot(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['node', 'tfpilot', ...args], {
    out: t => out.push(t),
    err: t => err.push(t),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const jsonFiles = (dir: string) =>
  readdirSync(join(fixtures, dir))
    .filter(f => f.endsWith('.json'))
    .map(f => join(fixtures, dir, f));

describe('tfpilot plan summarize', () => {
  it.each(jsonFiles('plans'))('summarizes %s in every format', async file => {
    const json = await tfpilot('plan', 'summarize', file, '--json');
    const text = await tfpilot('plan', 'summarize', file);
    const markdown = await tfpilot('plan', 'summarize', file, '--markdown');

    expect([json.code, text.code, markdown.code]).toEqual([0, 0, 0]);
    const summary = JSON.parse(json.out);
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining([
        'formatVersion',
        'terraformVersion',
        'errored',
        'counts',
        'changes',
        'drift',
        'outputs',
      ]),
    );
    expect(text.out).toMatch(/^Plan: /m);
    expect(markdown.out).toContain('|');
  });

  it('exits 2 with one line naming the file for a malformed plan', async () => {
    const file = join(fixtures, 'plans/malformed/tfjson__invalid_plan.json');
    const result = await tfpilot('plan', 'summarize', file);

    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err.split('\n')).toHaveLength(1);
    expect(result.err).toMatch(new RegExp(`^tfpilot: ${file}: not valid JSON`));
  });

  it.each([
    [
      'an infracost file',
      () => join(fixtures, 'infracost/diff__changes_two_projects.json'),
      /infracost/i,
    ],
    ['a directory', () => fixtures, /is a directory/],
    ['a missing file', () => join(fixtures, 'nope.json'), /no such file/],
  ])('exits 2 for %s', async (_what, file, reason) => {
    const result = await tfpilot('plan', 'summarize', file());

    expect(result.code).toBe(2);
    expect(result.err).toMatch(reason);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  it('refuses two output formats at once', async () => {
    const file = jsonFiles('plans')[0];
    expect(
      (await tfpilot('plan', 'summarize', file, '--json', '--markdown')).code,
    ).toBe(2);
  });
});

describe('tfpilot cost diff', () => {
  it.each(jsonFiles('infracost'))('reads %s', async file => {
    const result = await tfpilot('cost', 'diff', file, '--json');

    expect(result.code).toBe(0);
    expect(Object.keys(JSON.parse(result.out))).toEqual(
      expect.arrayContaining([
        'currency',
        'totalMonthlyCost',
        'pastTotalMonthlyCost',
        'diffTotalMonthlyCost',
        'projects',
      ]),
    );
  });

  it('exits 2 for a plan given as cost', async () => {
    const result = await tfpilot('cost', 'diff', jsonFiles('plans')[0]);
    expect(result.code).toBe(2);
  });
});

describe('tfpilot module inspect', () => {
  const modules = readdirSync(join(fixtures, 'modules'), {
    withFileTypes: true,
  })
    .filter(d => d.isDirectory())
    .map(d => join(fixtures, 'modules', d.name))
    .filter(dir => readdirSync(dir).some(f => f.endsWith('.tf')));

  it.each([...modules, join(repoModules, 'object-bucket')])(
    'inspects %s',
    async dir => {
      const result = await tfpilot('module', 'inspect', dir, '--json');

      expect(result.code).toBe(0);
      const inspection = JSON.parse(result.out);
      expect(
        inspection.variables.length + inspection.outputs.length,
      ).toBeGreaterThan(0);
      for (const variable of inspection.variables) {
        expect(variable.required).toBe(!variable.hasDefault);
      }
    },
  );

  it('exits 2 for a directory without .tf files', async () => {
    const dir = createMockDirectory({ content: { 'README.md': '# nothing' } });
    const result = await tfpilot('module', 'inspect', dir.path);

    expect(result.code).toBe(2);
    expect(result.err).toContain(dir.path);
  });
});

describe('tfpilot comment', () => {
  const dir = createMockDirectory();

  it('puts destructive changes first, then cost and policy', async () => {
    const policy = join(dir.path, 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        results: [
          {
            ruleId: 'tags.required',
            severity: 'warning',
            message: 'cost-center tag missing',
            target: 'inputs.tags',
          },
          {
            ruleId: 'prod.no-destroy',
            severity: 'error',
            message: 'destroys in prod are not allowed',
            target: 'null_resource.foo',
          },
        ],
      }),
    );
    const result = await tfpilot(
      'comment',
      '--plan',
      join(fixtures, 'plans/policy-engine__resource-changes.json'),
      '--cost',
      join(fixtures, 'infracost/diff__changes_two_projects.json'),
      '--policy',
      policy,
      '--title',
      'checkout-artifacts (dev)',
    );

    expect(result.code).toBe(0);
    const text = result.out;
    expect(text.startsWith('<!-- tfpilot:comment -->')).toBe(true);
    const order = [
      'Destructive changes',
      'Other changes',
      '#### Cost',
      '#### Policy',
    ].map(h => text.indexOf(h));
    expect(order.every(i => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text.indexOf('prod.no-destroy')).toBeLessThan(
      text.indexOf('tags.required'),
    );
  });

  it('stays under GitHub’s limit for a huge plan and says what it left out', async () => {
    const changes = Array.from({ length: 20_000 }, (_, i) => ({
      address: `module.app_${i % 50}.aws_s3_object.file["${'x'.repeat(
        40,
      )}-${i}"]`,
      mode: 'managed',
      type: 'aws_s3_object',
      name: 'file',
      change: {
        actions: i % 10 === 0 ? ['delete'] : ['create'],
        before: null,
        after: {},
      },
    }));
    const plan = join(dir.path, 'huge.json');
    writeFileSync(
      plan,
      JSON.stringify({
        format_version: '1.2',
        terraform_version: '1.9.0',
        resource_changes: changes,
      }),
    );

    const result = await tfpilot('comment', '--plan', plan);

    expect(result.code).toBe(0);
    expect(result.out.length).toBeLessThanOrEqual(65_536);
    expect(result.out).toMatch(/… and \d+ more changes not shown/);
    // Destructive changes are cut last: all 2000 deletes still fit or are counted.
    expect(result.out).toContain('Destructive changes (2000)');
  });

  it('exits 2 for policy results of the wrong shape', async () => {
    const policy = join(dir.path, 'bad-policy.json');
    writeFileSync(policy, JSON.stringify([{ ruleId: 'x', severity: 'fatal' }]));
    const result = await tfpilot(
      'comment',
      '--plan',
      jsonFiles('plans')[0],
      '--policy',
      policy,
    );

    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /bad-policy\.json: not policy results: 0\.severity/,
    );
  });
});
