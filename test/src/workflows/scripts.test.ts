import { newRequestId } from '@tfpilot/backstage-plugin-tfpilot-common';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ExpressionContext, LocalRunner, runCommand } from './localRunner';
import {
  isObject,
  onlyJob,
  readWorkflow,
  REPO_ROOT,
  WorkflowName,
} from './workflowFile';

/**
 * The workflows' scripts, run for real: the jq programs on real plans, the
 * approved-run check against a local HTTP server, cleanup against a real git
 * remote, and plan → apply → drift → destroy with the tofu or terraform on
 * PATH. Parts whose tool is missing here are skipped and say so.
 */

jest.setTimeout(180_000);

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

const HAS_JQ = onPath('jq');
const HAS_CURL = onPath('curl');
const HAS_GIT = onPath('git');
const TOOL = ['tofu', 'terraform'].find(onPath);
const describeIf = (condition: boolean, what: string) => {
  if (!condition) {
    // eslint-disable-next-line no-console
    console.warn(`skipping workflow script tests: ${what} is not on PATH`);
  }
  return condition ? describe : describe.skip;
};

const root = mkdtempSync(join(tmpdir(), 'tfpilot-scripts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
function freshDir(label: string): string {
  const dir = join(root, `${label}-${++dirs}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const BASE_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? root,
};

type Path = Array<string | number>;

function valueAt(value: unknown, path: Path): unknown {
  let at = value;
  for (const key of path) {
    if (Array.isArray(at) && typeof key === 'number') at = at[key];
    else if (isObject(at) && typeof key === 'string') at = at[key];
    else return undefined;
  }
  return at;
}

/** Paths where a Terraform mark tree (`after_sensitive`, …) says true. */
function marked(marks: unknown, base: Path): Path[] {
  if (marks === true) return [base];
  if (Array.isArray(marks))
    return marks.flatMap((m, i) => marked(m, [...base, i]));
  if (isObject(marks)) {
    return Object.entries(marks).flatMap(([k, m]) => marked(m, [...base, k]));
  }
  return [];
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Where a `show -json` plan holds values it marks sensitive. */
function sensitivePaths(plan: unknown): Path[] {
  const paths: Path[] = [];
  for (const key of ['resource_changes', 'resource_drift']) {
    list(valueAt(plan, [key])).forEach((_rc, i) => {
      for (const side of ['before', 'after']) {
        const change = valueAt(plan, [key, i, 'change']);
        paths.push(
          ...marked(valueAt(change, [`${side}_sensitive`]), [
            key,
            i,
            'change',
            side,
          ]),
        );
      }
    });
  }
  const outputChanges = valueAt(plan, ['output_changes']);
  if (isObject(outputChanges)) {
    for (const [name, change] of Object.entries(outputChanges)) {
      for (const side of ['before', 'after']) {
        paths.push(
          ...marked(valueAt(change, [`${side}_sensitive`]), [
            'output_changes',
            name,
            side,
          ]),
        );
      }
    }
  }
  const walkModule = (module: unknown, base: Path) => {
    list(valueAt(module, ['resources'])).forEach((r, i) => {
      paths.push(
        ...marked(valueAt(r, ['sensitive_values']), [
          ...base,
          'resources',
          i,
          'values',
        ]),
      );
    });
    list(valueAt(module, ['child_modules'])).forEach((child, i) =>
      walkModule(child, [...base, 'child_modules', i]),
    );
  };
  for (const base of [
    ['planned_values'],
    ['prior_state', 'values'],
  ] as Path[]) {
    walkModule(valueAt(plan, [...base, 'root_module']), [
      ...base,
      'root_module',
    ]);
    const outputs = valueAt(plan, [...base, 'outputs']);
    if (isObject(outputs)) {
      for (const [name, output] of Object.entries(outputs)) {
        if (valueAt(output, ['sensitive']) === true)
          paths.push([...base, 'outputs', name, 'value']);
      }
    }
  }
  return paths.filter(p => valueAt(plan, p) !== undefined);
}

/** Where two JSON values differ; each must be a value masked as "(sensitive)". */
function maskedDifferences(
  before: unknown,
  after: unknown,
  path: Path = [],
): Path[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (after === '(sensitive)') return [path];
  if (
    Array.isArray(before) &&
    Array.isArray(after) &&
    before.length === after.length
  ) {
    return before.flatMap((b, i) =>
      maskedDifferences(b, after[i], [...path, i]),
    );
  }
  if (isObject(before) && isObject(after)) {
    const keys = Object.keys(before);
    if (
      keys.length === Object.keys(after).length &&
      keys.every(k => k in after)
    ) {
      return keys.flatMap(k =>
        maskedDifferences(before[k], after[k], [...path, k]),
      );
    }
  }
  throw new Error(`unexpected change at ${JSON.stringify(path)}`);
}

async function jq(
  program: string,
  input: unknown,
  flags: string[] = [],
): Promise<unknown> {
  const result = await runCommand('jq', [...flags, program], {
    cwd: root,
    env: BASE_ENV,
    input: JSON.stringify(input),
  });
  if (result.status !== 0) throw new Error(`jq failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const jobEnv = (name: WorkflowName) => onlyJob(readWorkflow(name)).env;
const FIXTURES = resolve(REPO_ROOT, '../shared/fixtures/plans');

describeIf(HAS_JQ, 'jq')('TFPILOT_REDACT_JQ', () => {
  const program = jobEnv('plan').TFPILOT_REDACT_JQ;
  const fixtures = existsSync(FIXTURES)
    ? readdirSync(FIXTURES).filter(f => f.endsWith('.json'))
    : [];

  it('has real plans to read', () => {
    expect(fixtures.length).toBeGreaterThan(5);
  });

  it('masks every sensitive value of the real plans and changes nothing else', async () => {
    let masked = 0;
    for (const file of fixtures) {
      const plan: unknown = JSON.parse(
        readFileSync(join(FIXTURES, file), 'utf8'),
      );
      const redacted = await jq(program, plan);
      for (const path of sensitivePaths(plan)) {
        expect([file, path, valueAt(redacted, path)]).toEqual([
          file,
          path,
          '(sensitive)',
        ]);
        masked++;
      }
      // Every difference is a mask: addresses, actions and the rest are untouched.
      expect(() => maskedDifferences(plan, redacted)).not.toThrow();
    }
    expect(masked).toBeGreaterThan(0);
  });

  it('masks sensitive root variables, their defaults and module-call constants', async () => {
    const plan = {
      format_version: '1.2',
      variables: {
        token: { value: 'tok-123' },
        region: { value: 'eu-west-1' },
      },
      resource_changes: [
        {
          address: 'module.db.aws_db_instance.this',
          mode: 'managed',
          type: 'aws_db_instance',
          name: 'this',
          change: {
            actions: ['create'],
            before: null,
            after: {
              password: 'pw-456',
              tags: { a: 'x', b: 'tag-789' },
              ports: [1, 2],
            },
            after_sensitive: {
              password: true,
              tags: { b: true },
              ports: [false, true],
            },
            before_sensitive: false,
          },
        },
      ],
      output_changes: {
        dsn: {
          actions: ['create'],
          before: null,
          after: 'dsn-000',
          after_sensitive: true,
        },
      },
      configuration: {
        root_module: {
          variables: {
            token: { sensitive: true, default: 'tok-123' },
            region: { default: 'eu-west-1' },
          },
          module_calls: {
            db: {
              source: './db',
              expressions: {
                password: { constant_value: 'pw-456' },
                size: { constant_value: 'small' },
              },
              module: {
                variables: { password: { sensitive: true }, size: {} },
              },
            },
          },
        },
      },
    };
    const redacted = await jq(program, plan);
    const text = JSON.stringify(redacted);
    for (const secret of ['tok-123', 'pw-456', 'tag-789', 'dsn-000']) {
      expect(text).not.toContain(secret);
    }
    expect(valueAt(redacted, ['variables', 'region', 'value'])).toBe(
      'eu-west-1',
    );
    expect(
      valueAt(redacted, ['resource_changes', 0, 'change', 'after']),
    ).toEqual({
      password: '(sensitive)',
      tags: { a: 'x', b: '(sensitive)' },
      ports: [1, '(sensitive)'],
    });
    expect(
      valueAt(redacted, [
        'configuration',
        'root_module',
        'module_calls',
        'db',
        'expressions',
      ]),
    ).toEqual({
      password: { constant_value: '(sensitive)' },
      size: { constant_value: 'small' },
    });
  });
});

function resourceChange(
  address: string,
  actions: string[],
  extra: object = {},
) {
  return {
    address,
    mode: 'managed',
    type: 't',
    name: 'n',
    change: { actions, ...extra },
  };
}

describeIf(HAS_JQ, 'jq')('TFPILOT_CHANGES_JQ', () => {
  const program = jobEnv('apply').TFPILOT_CHANGES_JQ;
  const changes = (...rcs: object[]) =>
    jq(program, { resource_changes: rcs }, ['-S']);

  it('keeps managed resources that change or are imported, by address', async () => {
    const result = await changes(
      resourceChange('b.x', ['update']),
      resourceChange('a.x', ['create']),
      resourceChange('c.x', ['no-op']),
      resourceChange('d.x', ['no-op'], { importing: { id: 'i-1' } }),
      { ...resourceChange('data.e.x', ['read']), mode: 'data' },
    );
    expect(result).toEqual([
      { address: 'a.x', actions: ['create'], deposed: null, importing: false },
      { address: 'b.x', actions: ['update'], deposed: null, importing: false },
      { address: 'd.x', actions: ['no-op'], deposed: null, importing: true },
    ]);
  });

  it('sees the same changes in another order as the same', async () => {
    const one = await changes(
      resourceChange('a', ['create']),
      resourceChange('b', ['delete']),
    );
    const two = await changes(
      resourceChange('b', ['delete']),
      resourceChange('a', ['create']),
    );
    expect(two).toEqual(one);
  });

  it('sees other actions or other addresses as different', async () => {
    const approved = await changes(resourceChange('a', ['update']));
    expect(
      await changes(resourceChange('a', ['delete', 'create'])),
    ).not.toEqual(approved);
    expect(await changes(resourceChange('b', ['update']))).not.toEqual(
      approved,
    );
    expect(
      await changes(
        resourceChange('a', ['update']),
        resourceChange('b', ['create']),
      ),
    ).not.toEqual(approved);
  });
});

/** A runner for one job of a workflow (its first when not named), in its own RUNNER_TEMP. */
function runnerFor(
  name: WorkflowName,
  options: {
    workspace: string;
    inputs?: Record<string, string>;
    github?: Record<string, string>;
    secrets?: Record<string, string>;
    env?: Record<string, string>;
    job?: string;
    needs?: ExpressionContext['needs'];
    matrix?: ExpressionContext['matrix'];
  },
): LocalRunner {
  return new LocalRunner(readWorkflow(name), {
    job: options.job,
    workspace: options.workspace,
    temp: freshDir(`${name}-temp`),
    github: {
      GITHUB_REPOSITORY: 'octo/infra',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      ...options.github,
    },
    context: {
      inputs: options.inputs ?? {},
      secrets: options.secrets ?? {},
      github: { token: 'ghs_test_token' },
      needs: options.needs,
      matrix: options.matrix,
    },
    env: options.env,
  });
}

async function expectSteps(
  runner: LocalRunner,
  steps: string[],
): Promise<string> {
  let log = '';
  for (const step of steps) {
    const result = await runner.run(step);
    log += result.stdout + result.stderr;
    if (result.status !== 0) {
      throw new Error(`step "${step}" exited ${result.status}:\n${log}`);
    }
  }
  return log;
}

describeIf(HAS_JQ, 'jq')('apply "Compare with the approved plan"', () => {
  const id = newRequestId(Date.UTC(2026, 1, 1));

  async function compare(approved: object[], now: object[]) {
    const runner = runnerFor('apply', {
      workspace: freshDir('ws'),
      inputs: {
        request_id: id,
        environment: 'dev',
        tool: 'tofu',
        plan_run_id: '42',
      },
      github: { GITHUB_REF: `refs/heads/tfpilot/${id}` },
    });
    await expectSteps(runner, ['inputs']);
    const temp = runner.options.temp;
    mkdirSync(join(temp, 'tfpilot-approved'));
    mkdirSync(join(temp, 'tfpilot-apply'));
    writeFileSync(
      join(temp, 'tfpilot-approved/plan.json'),
      JSON.stringify({ resource_changes: approved }),
    );
    writeFileSync(
      join(temp, 'tfpilot-apply/plan.json'),
      JSON.stringify({ resource_changes: now }),
    );
    const result = await runner.run('Compare with the approved plan');
    return { result, summary: runner.summary() };
  }

  it('lets the same changes through', async () => {
    const { result } = await compare(
      [resourceChange('a', ['create']), resourceChange('b', ['no-op'])],
      [
        resourceChange('a', ['create'], {
          after: { changed: 'values do not count' },
        }),
      ],
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'matches the approved one: 1 resource change(s)',
    );
  });

  it('refuses other changes, with a clear message and the difference', async () => {
    const { result, summary } = await compare(
      [resourceChange('a', ['update'])],
      [
        resourceChange('a', ['delete', 'create']),
        resourceChange('b<x>', ['create']),
      ],
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      '::error title=Plan changed since approval::',
    );
    expect(result.stdout).toMatch(/^\+\s+"address": "b<x>"/m);
    expect(summary).toContain('refused');
    expect(summary).toContain('b&lt;x&gt;');
  });

  it('fails clearly when the artifact has no plan.json', async () => {
    const runner = runnerFor('apply', {
      workspace: freshDir('ws'),
      inputs: {
        request_id: id,
        environment: 'dev',
        tool: 'tofu',
        plan_run_id: '42',
      },
      github: { GITHUB_REF: `refs/heads/tfpilot/${id}` },
    });
    await expectSteps(runner, ['inputs']);
    const result = await runner.run('Compare with the approved plan');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('::error title=Approved plan missing::');
  });
});

describeIf(HAS_JQ && HAS_CURL, 'jq or curl')(
  'apply "Check the approved plan run"',
  () => {
    const id = newRequestId(Date.UTC(2026, 1, 2));
    const sha = 'a'.repeat(40);
    const runs = new Map<string, object>();
    const seen: IncomingHttpHeaders[] = [];
    let server: Server;
    let apiUrl = '';

    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push(req.headers);
        const match = /^\/repos\/octo\/infra\/actions\/runs\/(\d+)$/.exec(
          req.url ?? '',
        );
        const run = match ? runs.get(match[1]) : undefined;
        res.writeHead(run ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(run ?? { message: 'Not Found' }));
      });
      await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
      apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>(done => server.close(() => done())));

    const good = {
      display_title: `tfpilot plan ${id}`,
      head_branch: `tfpilot/${id}`,
      head_sha: sha,
      status: 'completed',
      conclusion: 'success',
    };

    async function check(run: object | undefined) {
      const runId = String(1000 + runs.size);
      if (run) runs.set(runId, run);
      const runner = runnerFor('apply', {
        workspace: freshDir('ws'),
        inputs: {
          request_id: id,
          environment: 'dev',
          tool: 'tofu',
          plan_run_id: runId,
        },
        github: {
          GITHUB_REF: `refs/heads/tfpilot/${id}`,
          GITHUB_SHA: sha,
          GITHUB_API_URL: apiUrl,
        },
      });
      await expectSteps(runner, ['inputs']);
      return runner.run('Check the approved plan run');
    }

    it('accepts the request’s own successful plan run on the same commit', async () => {
      const result = await check(good);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(seen.at(-1)).toMatchObject({
        authorization: 'Bearer ghs_test_token',
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      });
    });

    it.each<[string, object | undefined, string]>([
      ['a run that does not exist', undefined, 'was not found'],
      [
        'another request’s plan',
        { ...good, display_title: `tfpilot plan ${'0'.repeat(26)}` },
        'is not a tfpilot plan of request',
      ],
      [
        'an apply run',
        { ...good, display_title: `tfpilot apply ${id}` },
        'is not a tfpilot plan of request',
      ],
      [
        'a run on another branch',
        { ...good, head_branch: 'main' },
        'did not run on branch',
      ],
      [
        'a failed plan',
        { ...good, conclusion: 'failure' },
        'has not succeeded',
      ],
      [
        'a plan still running',
        { ...good, status: 'in_progress', conclusion: null },
        'has not succeeded',
      ],
      [
        'a plan of an older commit',
        { ...good, head_sha: 'b'.repeat(40) },
        'moved since the approved plan',
      ],
    ])('refuses %s', async (_label, run, message) => {
      const result = await check(run);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('::error title=Not the approved plan::');
      expect(result.stdout).toContain(message);
    });
  },
);

/** One entry of drift's matrix, as the prepare job builds it. */
interface Chunk {
  index: number;
  ids: string;
}

function isChunk(value: unknown): value is Chunk {
  return (
    isObject(value) &&
    Object.keys(value).sort().join() === 'ids,index' &&
    typeof value.index === 'number' &&
    typeof value.ids === 'string'
  );
}

function parseChunks(text: string | undefined): Chunk[] {
  const value: unknown = JSON.parse(text ?? 'null');
  if (!Array.isArray(value) || !value.every(isChunk)) {
    throw new Error(`not a list of chunks: ${text}`);
  }
  return value;
}

/** `count` distinct request ids, in time order. */
function manyIds(count: number, day = 1): string[] {
  return Array.from({ length: count }, (_, i) =>
    newRequestId(Date.UTC(2026, 4, day) + i),
  );
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

describeIf(HAS_JQ, 'jq')('drift prepare "Split the batch into chunks"', () => {
  async function split(requestIds: string) {
    const runner = runnerFor('drift', {
      workspace: freshDir('ws'),
      inputs: {
        environment: 'dev',
        request_ids: requestIds,
        batch_id: 'nightly',
        tool: 'tofu',
        tool_version: '',
      },
    });
    await expectSteps(runner, ['inputs']);
    const result = await runner.run('chunks');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return { result, chunks: parseChunks(result.outputs.chunks) };
  }

  it.each([
    [1, 1],
    [50, 1],
    [51, 2],
    [100, 2],
    [101, 3],
    [2000, 40],
  ])(
    '%d ids make %d chunk(s), every id exactly once',
    async (count, expected) => {
      const ids = manyIds(count);
      const { result, chunks } = await split(ids.join(' '));
      expect(chunks).toHaveLength(expected);
      expect(chunks.map(c => c.index)).toEqual([...Array(expected).keys()]);
      const sizes = chunks.map(c => c.ids.split(' ').length);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(50);
      // Spread evenly: 51 ids make 26 and 25, not 50 and 1.
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      // Every id once, in the requested order: the chunks joined are the batch.
      expect(chunks.flatMap(c => c.ids.split(' '))).toEqual(ids);
      expect(result.stdout).toContain(
        `${count} request(s) in ${expected} chunk(s) of at most 50`,
      );
    },
  );

  it('splits the ids left after repeats are dropped', async () => {
    const ids = manyIds(51);
    const { chunks } = await split(`${ids.join('  ')} ${ids[0]} ${ids[50]}`);
    expect(chunks.flatMap(c => c.ids.split(' '))).toEqual(ids);
  });
});

describeIf(HAS_JQ, 'jq')('drift collect "Merge the results"', () => {
  const [a, b, c, d, e, f] = manyIds(6, 2);
  const chunks = [
    { index: 0, ids: `${a} ${b}` },
    { index: 1, ids: `${c} ${d}` },
    { index: 2, ids: `${e} ${f}` },
  ];

  /** collect with the parts already downloaded (merge-multiple: one folder). */
  async function merge(parts: Record<string, string>) {
    const runner = runnerFor('drift', {
      job: 'collect',
      workspace: freshDir('ws'),
      needs: {
        prepare: {
          outputs: {
            environment: 'dev',
            batch_id: 'nightly',
            chunks: JSON.stringify(chunks),
          },
        },
      },
    });
    await expectSteps(runner, ['batch']);
    const drift = join(runner.options.temp, 'tfpilot-drift/drift');
    mkdirSync(drift, { recursive: true });
    for (const [file, content] of Object.entries(parts)) {
      writeFileSync(join(drift, file), content);
    }
    const result = await runner.run('Merge the results');
    return {
      result,
      drift,
      results: readJson(join(drift, 'results.json')),
      files: readdirSync(drift).sort(),
      summary: runner.summary(),
    };
  }

  const plan = JSON.stringify({ format_version: '1.2' });

  it('merges the parts and gives the requests of a missing part exit code 1', async () => {
    const { result, results, files, summary, drift } = await merge({
      'results.0.json': JSON.stringify({
        [a]: { exitCode: 0 },
        [b]: { exitCode: 2 },
      }),
      [`${a}.json`]: plan,
      [`${b}.json`]: plan,
      // Part 1 is missing: its check job failed.
      'results.2.json': JSON.stringify({
        [e]: { exitCode: 1 },
        [f]: { exitCode: 2 },
      }),
      [`${f}.json`]: plan,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(results).toEqual({
      [a]: { exitCode: 0 },
      [b]: { exitCode: 2 },
      [c]: { exitCode: 1 },
      [d]: { exitCode: 1 },
      [e]: { exitCode: 1 },
      [f]: { exitCode: 2 },
    });
    // Every requested id once, in the requested order.
    expect(Object.keys(results as object)).toEqual([a, b, c, d, e, f]);
    // The parts' results files are gone: the artifact has the contract's shape.
    expect(files).toEqual(
      [`${a}.json`, `${b}.json`, `${f}.json`, 'results.json'].sort(),
    );
    expect(readFileSync(join(drift, `${a}.json`), 'utf8')).toBe(plan);
    expect(result.stdout).toContain(
      '::error title=Drift check failed::2 request(s) in dev have no result',
    );
    expect(result.stdout).toContain(
      '6 request(s): 1 in sync, 2 drifted, 3 check failed (2 of them without a result)',
    );
    expect(summary).toContain('### tfpilot drift `dev` batch `nightly`');
    expect(summary).toContain(`| \`${a}\` | in sync |`);
    expect(summary).toContain(`| \`${b}\` | drifted |`);
    expect(summary).toContain(
      `| \`${c}\` | check failed (no result: its check job failed) |`,
    );
    expect(summary).toContain(`| \`${e}\` | check failed |`);
  });

  it('records every request as failed when no part came back', async () => {
    const { result, results, files } = await merge({});
    expect(result.status).toBe(0);
    expect(results).toEqual(
      Object.fromEntries([a, b, c, d, e, f].map(id => [id, { exitCode: 1 }])),
    );
    expect(files).toEqual(['results.json']);
    expect(result.stdout).toContain('6 request(s) in dev have no result');
  });

  it('keeps only requested ids, exit codes 0 to 2, and plans of completed checks', async () => {
    const stranger = manyIds(1, 3)[0];
    const { result, results, files } = await merge({
      'results.0.json': JSON.stringify({
        [a]: { exitCode: 3 },
        [b]: { exitCode: '2' },
        [stranger]: { exitCode: 0 },
      }),
      [`${a}.json`]: plan,
      [`${stranger}.json`]: plan,
      'results.1.json': 'not json',
      'results.2.json': JSON.stringify([{ [e]: 0 }]),
      'notes.txt': 'x',
    });
    expect(result.status).toBe(0);
    expect(results).toEqual(
      Object.fromEntries([a, b, c, d, e, f].map(id => [id, { exitCode: 1 }])),
    );
    expect(files).toEqual(['results.json']);
    expect(result.stdout).toContain(
      '::warning title=Drift part unreadable::results.1.json is not a results file',
    );
    expect(result.stdout).toContain(
      '::warning title=Drift part unreadable::results.2.json is not a results file',
    );
  });
});

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    { cwd, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

describeIf(HAS_GIT, 'git')('cleanup "Remove the request\'s folder"', () => {
  const idA = newRequestId(Date.UTC(2026, 2, 1));
  const idB = newRequestId(Date.UTC(2026, 2, 2));
  let origin = '';
  let seed = '';

  beforeAll(() => {
    origin = join(freshDir('git'), 'origin.git');
    git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
    seed = freshDir('seed');
    git(seed, 'clone', '--quiet', `file://${origin}`, '.');
    git(seed, 'checkout', '--quiet', '-b', 'main');
    for (const id of [idA, idB]) {
      mkdirSync(join(seed, 'tfpilot/dev', id), { recursive: true });
      writeFileSync(join(seed, 'tfpilot/dev', id, 'main.tf.json'), '{}\n');
    }
    writeFileSync(join(seed, 'README.md'), 'infra\n');
    git(seed, 'add', '.');
    git(seed, 'commit', '--quiet', '-m', 'seed');
    git(seed, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
  });

  /** A shallow clone of main, as actions/checkout makes it. */
  function checkout(): string {
    const work = freshDir('work');
    git(
      work,
      'clone',
      '--quiet',
      '--depth=1',
      '--branch=main',
      `file://${origin}`,
      '.',
    );
    return work;
  }

  async function cleanup(id: string, work: string) {
    const runner = runnerFor('cleanup', {
      workspace: work,
      inputs: { request_id: id, environment: 'dev' },
    });
    await expectSteps(runner, ['inputs']);
    const result = await runner.run("Remove the request's folder");
    return { result, summary: runner.summary() };
  }

  const tree = () =>
    git(seed, 'ls-tree', '-r', '--name-only', 'main').split('\n');
  const refresh = () =>
    git(seed, 'fetch', '--quiet', 'origin', 'main:main', '--update-head-ok');

  it('removes the folder from the base branch with one commit', async () => {
    const { result, summary } = await cleanup(idA, checkout());
    expect(result.status).toBe(0);
    refresh();
    expect(tree()).toEqual(['README.md', `tfpilot/dev/${idB}/main.tf.json`]);
    expect(git(seed, 'log', '-1', '--format=%s%n%an', 'main')).toBe(
      `tfpilot: remove request ${idA} (dev)\ngithub-actions[bot]`,
    );
    expect(summary).toContain('removed');
  });

  it('does nothing when the folder is not there', async () => {
    refresh();
    const before = git(seed, 'rev-parse', 'main');
    const { result, summary } = await cleanup(idA, checkout());
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('nothing to remove');
    expect(summary).toContain('nothing to remove');
    refresh();
    expect(git(seed, 'rev-parse', 'main')).toBe(before);
  });

  it('starts again from the newest base branch when its push is rejected', async () => {
    const work = checkout();
    // Someone else pushes to main after the checkout.
    refresh();
    git(seed, 'checkout', '--quiet', 'main');
    git(seed, 'reset', '--quiet', '--hard', 'main');
    writeFileSync(join(seed, 'README.md'), 'infra, edited\n');
    git(seed, 'commit', '--quiet', '-am', 'edit readme');
    git(seed, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');

    const { result } = await cleanup(idB, work);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Push rejected (attempt 1 of 5)');
    refresh();
    expect(tree()).toEqual(['README.md']);
    expect(git(seed, 'log', '--format=%s', '-3', 'main').split('\n')).toEqual([
      `tfpilot: remove request ${idB} (dev)`,
      'edit readme',
      `tfpilot: remove request ${idA} (dev)`,
    ]);
  });
});

/** A request root like the backend writes: one module call (here a local module). */
function writeRequest(
  workspace: string,
  id: string,
  inputs: Record<string, string>,
): string {
  const dir = join(workspace, 'tfpilot/dev', id);
  mkdirSync(join(dir, 'store'), { recursive: true });
  writeFileSync(
    join(dir, 'main.tf.json'),
    `${JSON.stringify(
      { module: { store: { source: './store', ...inputs } } },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(dir, 'store/main.tf.json'),
    JSON.stringify({
      variable: {
        name: { type: 'string' },
        password: { type: 'string', sensitive: true },
      },
      // triggers_replace keeps the marks; terraform_data's computed `output`
      // would not (Terraform marks what a value came from, not copies of it).
      resource: {
        terraform_data: {
          this: {
            triggers_replace: {
              name: '${var.name}',
              password: '${var.password}',
            },
          },
        },
      },
      output: { password: { value: '${var.password}', sensitive: true } },
    }),
  );
  return dir;
}

function stateResources(dir: string): string[] {
  const path = join(dir, 'terraform.tfstate');
  if (!existsSync(path)) return [];
  const state: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return list(valueAt(state, ['resources'])).map(r =>
    [valueAt(r, ['module']), valueAt(r, ['type']), valueAt(r, ['name'])].join(
      '.',
    ),
  );
}

describeIf(HAS_JQ && TOOL !== undefined, 'jq, tofu or terraform')(
  `plan → apply → drift → destroy with ${TOOL ?? 'no tool'}`,
  () => {
    const tool = TOOL ?? 'tofu';
    const workspace = freshDir('infra');
    const [idA, idB, idMissing, idBroken] = [1, 2, 3, 4].map(d =>
      newRequestId(Date.UTC(2026, 3, d)),
    );
    const cliConfig = join(root, 'empty.tfrc');
    writeFileSync(cliConfig, '');
    const env = { TF_CLI_CONFIG_FILE: cliConfig };
    const SECRET = 'pw-s3cr3t-7731';
    const inputsFor = (id: string) => ({
      request_id: id,
      environment: 'dev',
      tool,
      tool_version: '',
    });
    const branch = (id: string) => ({ GITHUB_REF: `refs/heads/tfpilot/${id}` });
    let approvedA = '';
    let approvedB = '';

    beforeAll(() => {
      writeRequest(workspace, idA, { name: 'alpha', password: SECRET });
      writeRequest(workspace, idB, { name: 'beta', password: SECRET });
    });

    async function plan(id: string): Promise<LocalRunner> {
      const runner = runnerFor('plan', {
        workspace,
        inputs: inputsFor(id),
        github: branch(id),
        env,
      });
      await expectSteps(runner, [
        'inputs',
        "Find the request's root module",
        'Plan',
      ]);
      return runner;
    }

    it('plan uploads only plan.json, secrets masked, and shows the plan', async () => {
      const runner = await plan(idA);
      const out = join(runner.options.temp, 'tfpilot-plan');
      expect(readdirSync(out)).toEqual(['plan.json']);
      approvedA = join(out, 'plan.json');
      const text = readFileSync(approvedA, 'utf8');
      expect(text).not.toContain(SECRET);
      const planJson: unknown = JSON.parse(text);
      expect(
        list(valueAt(planJson, ['resource_changes'])).map(rc => [
          valueAt(rc, ['address']),
          valueAt(rc, ['change', 'actions']),
        ]),
      ).toEqual([['module.store.terraform_data.this', ['create']]]);
      // The binary plan stays outside the uploaded folder.
      expect(existsSync(join(runner.options.temp, 'tfpilot.tfplan'))).toBe(
        true,
      );
      const summary = runner.summary();
      expect(summary).toContain(`### tfpilot plan \`${idA}\` in \`dev\``);
      expect(summary).toContain('module.store.terraform_data.this');
      expect(summary).not.toContain(SECRET);

      const noKey = await runner.run('Look for an Infracost API key');
      expect(noKey.outputs).toEqual({ enabled: 'false' });
      expect(noKey.stdout).toContain('the cost estimate is skipped');
    });

    it('plan turns the cost estimate on when the secret is there', async () => {
      const runner = runnerFor('plan', {
        workspace,
        inputs: inputsFor(idA),
        github: branch(idA),
        secrets: { INFRACOST_API_KEY: 'ico-test' },
      });
      const result = await runner.run('Look for an Infracost API key');
      expect(result.outputs).toEqual({ enabled: 'true' });
      expect(result.stdout).not.toContain('ico-test');
    });

    async function apply(id: string, approved: string) {
      const runner = runnerFor('apply', {
        workspace,
        inputs: { ...inputsFor(id), plan_run_id: '7' },
        github: branch(id),
        env,
      });
      const temp = runner.options.temp;
      mkdirSync(join(temp, 'tfpilot-approved'));
      cpSync(approved, join(temp, 'tfpilot-approved/plan.json'));
      await expectSteps(runner, [
        'inputs',
        "Find the request's root module",
        'Plan again',
      ]);
      return runner;
    }

    it('apply applies the approved plan', async () => {
      const runner = await apply(idA, approvedA);
      await expectSteps(runner, ['Compare with the approved plan', 'Apply']);
      const dir = join(workspace, 'tfpilot/dev', idA);
      expect(stateResources(dir)).toEqual(['module.store.terraform_data.this']);
      expect(existsSync(join(runner.options.temp, 'tfpilot.tfplan'))).toBe(
        false,
      );
      const applied = readFileSync(
        join(runner.options.temp, 'tfpilot-apply/plan.json'),
        'utf8',
      );
      expect(applied).not.toContain(SECRET);
    });

    it('apply refuses when the changes differ from the approved plan, and applies nothing', async () => {
      approvedB = join(
        (await plan(idB)).options.temp,
        'tfpilot-plan/plan.json',
      );
      // The request's code changes after approval: a second module call.
      const dir = join(workspace, 'tfpilot/dev', idB);
      const main = JSON.parse(readFileSync(join(dir, 'main.tf.json'), 'utf8'));
      main.module.extra = {
        source: './store',
        name: 'gamma',
        password: SECRET,
      };
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(main));

      const runner = await apply(idB, approvedB);
      const result = await runner.run('Compare with the approved plan');
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(
        '::error title=Plan changed since approval::',
      );
      expect(result.stdout).toContain('module.extra.terraform_data.this');
      expect(stateResources(dir)).toEqual([]);
    });

    it('drift checks a batch in chunks, records each exit code, and survives failures', async () => {
      const broken = join(workspace, 'tfpilot/dev', idBroken);
      mkdirSync(broken, { recursive: true });
      writeFileSync(join(broken, 'main.tf.json'), '{ "module": ');
      const ids = [idA, idB, idMissing, idBroken];
      const prepare = runnerFor('drift', {
        workspace,
        inputs: {
          environment: 'dev',
          request_ids: ids.join(' '),
          batch_id: 'nightly',
          tool,
          tool_version: '',
        },
      });
      const checked = await prepare.run('inputs');
      const split = await prepare.run('chunks');
      expect([checked.status, split.status]).toEqual([0, 0]);
      const outputs = { ...checked.outputs, ...split.outputs };
      expect(parseChunks(outputs.chunks)).toEqual([
        { index: 0, ids: ids.join(' ') },
      ]);

      // Two chunks, as prepare makes them past 50 ids, so collect merges real parts.
      const legs = [
        { index: 0, ids: `${idA} ${idMissing}` },
        { index: 1, ids: `${idB} ${idBroken}` },
      ];
      const collect = runnerFor('drift', {
        job: 'collect',
        workspace,
        needs: {
          prepare: {
            outputs: { ...outputs, chunks: JSON.stringify(legs) },
          },
        },
      });
      const downloaded = join(collect.options.temp, 'tfpilot-drift');
      const partFiles: string[][] = [];
      for (const chunk of legs) {
        const leg = runnerFor('drift', {
          job: 'check',
          workspace,
          needs: { prepare: { outputs } },
          matrix: { chunk },
          env,
        });
        await expectSteps(leg, ['chunk', 'Check each request']);
        const part = join(
          leg.options.temp,
          `tfpilot-drift-part-${chunk.index}`,
        );
        expect(readdirSync(part)).toEqual(['drift']);
        partFiles.push(readdirSync(join(part, 'drift')).sort());
        // download-artifact with merge-multiple: every part in one folder.
        cpSync(part, downloaded, { recursive: true });
      }
      expect(partFiles).toEqual([
        [`${idA}.json`, 'results.0.json'],
        [`${idB}.json`, 'results.1.json'],
      ]);

      await expectSteps(collect, ['batch', 'Merge the results']);
      expect(readdirSync(downloaded)).toEqual(['drift']);
      expect(readdirSync(join(downloaded, 'drift')).sort()).toEqual(
        [`${idA}.json`, `${idB}.json`, 'results.json'].sort(),
      );
      expect(readJson(join(downloaded, 'drift/results.json'))).toEqual({
        [idA]: { exitCode: 0 },
        [idB]: { exitCode: 2 },
        [idMissing]: { exitCode: 1 },
        [idBroken]: { exitCode: 1 },
      });
      for (const file of [idA, idB]) {
        expect(
          readFileSync(join(downloaded, `drift/${file}.json`), 'utf8'),
        ).not.toContain(SECRET);
      }
      const summary = collect.summary();
      expect(summary).toContain(`| \`${idA}\` | in sync |`);
      expect(summary).toContain(`| \`${idB}\` | drifted |`);
      expect(summary).toContain(`| \`${idBroken}\` | check failed |`);
    });

    it('destroy removes what the request created', async () => {
      const runner = runnerFor('destroy', {
        workspace,
        inputs: inputsFor(idA),
        env,
      });
      await expectSteps(runner, [
        'inputs',
        "Find the request's root module",
        'Plan the destruction',
        'Destroy',
      ]);
      expect(stateResources(join(workspace, 'tfpilot/dev', idA))).toEqual([]);
      const destroyPlan: unknown = JSON.parse(
        readFileSync(
          join(runner.options.temp, 'tfpilot-destroy/plan.json'),
          'utf8',
        ),
      );
      expect(
        list(valueAt(destroyPlan, ['resource_changes'])).map(rc =>
          valueAt(rc, ['change', 'actions']),
        ),
      ).toEqual([['delete']]);
      expect(runner.summary()).toContain(`### tfpilot destroy \`${idA}\``);
    });

    it('destroy says so when the request is not on the base branch', async () => {
      const runner = runnerFor('destroy', {
        workspace,
        inputs: inputsFor(idMissing),
        env,
      });
      await expectSteps(runner, ['inputs']);
      const result = await runner.run("Find the request's root module");
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('::error title=Request not found::');
    });
  },
);
