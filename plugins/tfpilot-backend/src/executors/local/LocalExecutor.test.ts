import { LoggerService } from '@backstage/backend-plugin-api';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  ExecutorOperation,
  ExecutorRunInput,
  NO_IAC_BINARY_MESSAGE,
  RunEventSink,
  RunResult,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  readFileSync,
  realpathSync,
} from 'node:fs';
import { delimiter, join } from 'node:path';
import { LocalExecutor, LocalExecutorOptions } from './LocalExecutor';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const PLAN_JSON = '{"format_version":"1.2","resource_changes":[]}\n';
const ID_A = '01hzy3m4k5n6p7q8r9s0t1v2w3';
const ID_B = '01hzy3m4k5n6p7q8r9s0t1v2w4';

// Stands in for `tofu`: records where and how it ran, and misbehaves on request.
const FAKE_TOFU = `#!/bin/sh
printf '%s\\t%s\\n' "$(pwd -P)" "$*" >> "$FAKE_TOFU_LOG"
if [ -n "$FAKE_TOFU_SLEEP" ] && [ "$1" = "$FAKE_TOFU_SLEEP" ]; then
  sleep 30
fi
if [ -n "$FAKE_TOFU_FAIL" ] && [ "$1" = "$FAKE_TOFU_FAIL" ]; then
  echo 'Planning...' >&2
  cat main.tf.json >&2
  echo '  3:     "password": "quoted in a snippet",' >&2
  echo 'Error: boom' >&2
  exit 1
fi
case "$1" in
  show)
    printf '%s\\n' '{"format_version":"1.2","resource_changes":[]}'
    ;;
  plan)
    for arg in "$@"; do
      if [ "$arg" = "-detailed-exitcode" ] && [ -n "$FAKE_TOFU_DRIFT" ]; then
        exit 2
      fi
    done
    ;;
esac
exit 0
`;

type JsonObject = Parameters<LoggerService['child']>[0];

interface LogEntry {
  level: string;
  message: string;
  meta: JsonObject;
}

function recordingLogger(
  entries: LogEntry[],
  base: JsonObject = {},
): LoggerService {
  const log =
    (level: string) =>
    (message: string, meta?: Error | JsonObject): void => {
      const extra = meta && !(meta instanceof Error) ? meta : {};
      entries.push({ level, message, meta: { ...base, ...extra } });
    };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: meta => recordingLogger(entries, { ...base, ...meta }),
  };
}

/** A sink whose `finished` resolves with the first result reported to it. */
function recordingSink() {
  const results: RunResult[] = [];
  let resolveFinished: (result: RunResult) => void = () => {};
  const finished = new Promise<RunResult>(resolve => {
    resolveFinished = resolve;
  });
  const sink: RunEventSink = {
    async runFinished(result) {
      results.push(result);
      resolveFinished(result);
    },
    async runStatus(_requestId, runId) {
      return results.some(r => r.runId === runId) ? 'finished' : 'running';
    },
  };
  return { sink, finished, results };
}

/** Starts one operation and waits for its result. */
async function runToEnd(
  executor: LocalExecutor,
  operation: ExecutorOperation,
  input: ExecutorRunInput,
) {
  const { sink, finished, results } = recordingSink();
  const handle = await executor[operation](input, sink);
  const result = await finished;
  // Exactly one report per run.
  await new Promise(resolve => setImmediate(resolve));
  expect(results).toHaveLength(1);
  expect(result.runId).toBe(handle.runId);
  return { handle, result };
}

function request(overrides: Partial<ExecutorRunInput> = {}): ExecutorRunInput {
  return {
    requestId: ID_A,
    revision: 1,
    environment: 'dev',
    module: { name: 'object-bucket', version: '1.0.0' },
    inputs: {
      name: 'team-a-logs',
      tags: { team: 'a', cost_center: 'cc-42' },
      versioning: true,
    },
    runs: [],
    ...overrides,
  };
}

function realIacOnPath(): boolean {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return ['tofu', 'terraform'].some(name =>
    dirs.some(dir => {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }),
  );
}

describe('LocalExecutor', () => {
  const mockDir = createMockDirectory();
  let logs: LogEntry[];

  beforeEach(() => {
    mockDir.setContent({
      'bin/tofu': FAKE_TOFU,
      'modules/object-bucket/main.tf': 'variable "name" {}\n',
      work: {},
    });
    chmodSync(mockDir.resolve('bin/tofu'), 0o755);
    logs = [];
  });

  function executor(
    env: NodeJS.ProcessEnv = {},
    options: Partial<LocalExecutorOptions> = {},
  ): LocalExecutor {
    return new LocalExecutor({
      workDir: mockDir.resolve('work'),
      modulesDir: mockDir.resolve('modules'),
      logger: recordingLogger(logs),
      pathEnv: [mockDir.resolve('bin'), process.env.PATH ?? ''].join(delimiter),
      env: {
        ...process.env,
        FAKE_TOFU_LOG: mockDir.resolve('tofu.log'),
        ...env,
      },
      ...options,
    });
  }

  /** What the fake tofu ran: [cwd, args] per invocation. */
  function invocations(): Array<[string, string]> {
    if (!existsSync(mockDir.resolve('tofu.log'))) {
      return [];
    }
    return readFileSync(mockDir.resolve('tofu.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [cwd, args] = line.split('\t');
        return [cwd, args];
      });
  }

  function requestDir(id = ID_A): string {
    return realpathSync(mockDir.resolve('work', id));
  }

  it('fails with the standard explanation when neither tofu nor terraform is on PATH', async () => {
    const local = executor({}, { pathEnv: '' });
    const { handle, result } = await runToEnd(local, 'plan', request());

    expect(handle.runId).toMatch(RUN_ID);
    expect(handle.runId).toMatch(/^local-plan-[0-9a-z]+-[0-9a-f]+$/);
    expect(result).toEqual({
      requestId: ID_A,
      runId: handle.runId,
      operation: 'plan',
      status: 'failed',
      finishedAt: expect.any(String),
      message: NO_IAC_BINARY_MESSAGE,
    });
    expect(new Date(result.finishedAt).toISOString()).toBe(result.finishedAt);
    expect(existsSync(mockDir.resolve('work', ID_A))).toBe(false);
  });

  it('plans: init, plan to a file, show -json, in the request directory', async () => {
    const { result } = await runToEnd(executor(), 'plan', request());

    expect(result.status).toBe('succeeded');
    expect(result.message).toBe('Plan: 0 to add, 0 to change, 0 to destroy');
    expect(result.artifacts?.['plan.json']?.toString('utf8')).toBe(PLAN_JSON);
    const dir = requestDir();
    expect(invocations()).toEqual([
      [dir, 'init -input=false -no-color'],
      [dir, 'plan -input=false -no-color -out=tfplan'],
      [dir, 'show -json tfplan'],
    ]);
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'info',
          message: 'Local plan run started',
          meta: expect.objectContaining({
            requestId: ID_A,
            runId: result.runId,
          }),
        }),
        expect.objectContaining({
          level: 'info',
          message: 'Local plan run succeeded',
          meta: expect.objectContaining({
            requestId: ID_A,
            runId: result.runId,
          }),
        }),
      ]),
    );
  });

  it('generates the same sorted main.tf.json for the same request', async () => {
    const local = executor();
    await runToEnd(local, 'plan', request());
    const first = readFileSync(mockDir.resolve('work', ID_A, 'main.tf.json'));

    // Same inputs, keys given in another order.
    await runToEnd(
      local,
      'plan',
      request({
        inputs: {
          versioning: true,
          tags: { cost_center: 'cc-42', team: 'a' },
          name: 'team-a-logs',
        },
      }),
    );
    const second = readFileSync(mockDir.resolve('work', ID_A, 'main.tf.json'));

    expect(second.equals(first)).toBe(true);
    expect(first.toString('utf8')).toBe(
      `${JSON.stringify(
        {
          module: {
            object_bucket: {
              name: 'team-a-logs',
              source: mockDir.resolve('modules', 'object-bucket'),
              tags: { cost_center: 'cc-42', team: 'a' },
              versioning: true,
            },
          },
        },
        null,
        2,
      )}\n`,
    );
  });

  it('applies and destroys with auto-approve, sharing the request directory', async () => {
    const local = executor();
    const apply = await runToEnd(local, 'apply', request());
    const destroy = await runToEnd(local, 'destroy', request());

    expect(apply.result).toMatchObject({
      operation: 'apply',
      status: 'succeeded',
      message: 'Apply complete',
    });
    expect(apply.result.artifacts).toBeUndefined();
    expect(destroy.result).toMatchObject({
      operation: 'destroy',
      status: 'succeeded',
      message: 'Destroy complete',
    });
    const dir = requestDir();
    expect(invocations()).toEqual([
      [dir, 'init -input=false -no-color'],
      [dir, 'apply -input=false -no-color -auto-approve'],
      [dir, 'init -input=false -no-color'],
      [dir, 'destroy -input=false -no-color -auto-approve'],
    ]);
  });

  it('fails a run whose command fails, quoting stderr without input values', async () => {
    const { result } = await runToEnd(
      executor({ FAKE_TOFU_FAIL: 'plan' }),
      'plan',
      request({
        inputs: { name: 'team-a-logs', password: 'hunter2-very-secret' },
      }),
    );

    expect(result.status).toBe('failed');
    expect(result.message).toContain('`tofu plan` failed with exit code 1');
    expect(result.message).toContain('Error: boom');
    expect(result.message).not.toContain('hunter2-very-secret');
    expect(result.message).not.toContain('team-a-logs');
    expect(result.message).not.toContain('quoted in a snippet');
    expect(result.artifacts).toBeUndefined();
    expect(invocations().map(([, args]) => args.split(' ')[0])).toEqual([
      'init',
      'plan',
    ]);
  });

  it('fails naming the module when its folder is missing', async () => {
    const { result } = await runToEnd(
      executor(),
      'plan',
      request({ module: { name: 'no-such-module', version: '1.0.0' } }),
    );

    expect(result.status).toBe('failed');
    expect(result.message).toContain('"no-such-module"');
    expect(invocations()).toEqual([]);
  });

  it('refuses module names that are not plain folder names', async () => {
    const { result } = await runToEnd(
      executor(),
      'plan',
      request({ module: { name: '../bin', version: '1.0.0' } }),
    );
    expect(result.status).toBe('failed');
    expect(result.message).toContain('"../bin"');
    expect(invocations()).toEqual([]);
  });

  it('refuses inputs named like Terraform meta-arguments', async () => {
    const { result } = await runToEnd(
      executor(),
      'apply',
      request({ inputs: { source: 'git::https://example.com/x', count: 2 } }),
    );
    expect(result.status).toBe('failed');
    expect(result.message).toContain('"count", "source"');
    expect(invocations()).toEqual([]);
  });

  it('reports no drift when the refresh-only plan exits 0', async () => {
    const { result } = await runToEnd(executor(), 'driftCheck', request());

    expect(result.status).toBe('succeeded');
    expect(result.message).toMatch(/^No drift/);
    expect(result.artifacts?.['plan.json']?.toString('utf8')).toBe(PLAN_JSON);
    const dir = requestDir();
    expect(invocations()).toEqual([
      [dir, 'init -input=false -no-color'],
      [
        dir,
        'plan -input=false -no-color -refresh-only -detailed-exitcode -out=tfplan',
      ],
      [dir, 'show -json tfplan'],
    ]);
  });

  it('reports drift, as a success, when the refresh-only plan exits 2', async () => {
    const { result } = await runToEnd(
      executor({ FAKE_TOFU_DRIFT: '1' }),
      'driftCheck',
      request(),
    );

    expect(result.status).toBe('succeeded');
    expect(result.message).toMatch(/^Drift detected/);
    expect(result.artifacts?.['plan.json']?.toString('utf8')).toBe(PLAN_JSON);
  });

  it('does not take exit code 2 as success outside drift checks', async () => {
    const { result } = await runToEnd(
      executor({ FAKE_TOFU_FAIL: 'apply' }),
      'apply',
      request(),
    );
    expect(result.status).toBe('failed');
    expect(result.message).toContain('tofu apply');
  });

  it('cleanup removes the request directory, and succeeds when there is none', async () => {
    const local = executor();
    await runToEnd(local, 'plan', request());
    await runToEnd(local, 'plan', request({ requestId: ID_B }));
    expect(existsSync(mockDir.resolve('work', ID_A))).toBe(true);

    const first = await runToEnd(local, 'cleanup', request());
    expect(first.result.status).toBe('succeeded');
    expect(existsSync(mockDir.resolve('work', ID_A))).toBe(false);
    expect(existsSync(mockDir.resolve('work', ID_B))).toBe(true);

    const again = await runToEnd(local, 'cleanup', request());
    expect(again.result.status).toBe('succeeded');
  });

  it('cleanup needs no tofu or terraform', async () => {
    const { result } = await runToEnd(
      executor({}, { pathEnv: '' }),
      'cleanup',
      request(),
    );
    expect(result.status).toBe('succeeded');
  });

  it('gives every run its own id in the run id format', async () => {
    const local = executor();
    const ids = new Set<string>();
    for (const operation of [
      'plan',
      'apply',
      'destroy',
      'driftCheck',
      'cleanup',
    ] as const) {
      const { handle } = await runToEnd(local, operation, request());
      expect(handle.runId).toMatch(RUN_ID);
      expect(handle.runId.startsWith(`local-${operation}-`)).toBe(true);
      ids.add(handle.runId);
    }
    expect(ids.size).toBe(5);
  });

  it('refuses a request id that is not a request id', async () => {
    const { sink, results } = recordingSink();
    for (const requestId of ['../etc', ID_A.toUpperCase(), `${ID_A}/x`, '']) {
      await expect(
        executor().plan(request({ requestId }), sink),
      ).rejects.toBeInstanceOf(InputError);
    }
    expect(results).toEqual([]);
    expect(invocations()).toEqual([]);
  });

  it('runs the operations of one request one after the other', async () => {
    const local = executor();
    const plan = recordingSink();
    const apply = recordingSink();
    await local.plan(request(), plan.sink);
    await local.apply(request(), apply.sink);
    const [planned, applied] = await Promise.all([
      plan.finished,
      apply.finished,
    ]);

    expect(planned.status).toBe('succeeded');
    expect(applied.status).toBe('succeeded');
    expect(invocations().map(([, args]) => args.split(' ')[0])).toEqual([
      'init',
      'plan',
      'show',
      'init',
      'apply',
    ]);
  });

  it('stops a command that runs past the timeout and fails the run', async () => {
    const started = Date.now();
    const { result } = await runToEnd(
      executor(
        { FAKE_TOFU_SLEEP: 'init' },
        { timeoutMs: 300, killGraceMs: 200 },
      ),
      'plan',
      request(),
    );

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.status).toBe('failed');
    expect(result.message).toBe(
      '`tofu init` did not finish within 300 ms and was stopped',
    );
    expect(invocations().map(([, args]) => args.split(' ')[0])).toEqual([
      'init',
    ]);
  });

  it('shutdown stops the running command and still reports the run', async () => {
    const local = executor({ FAKE_TOFU_SLEEP: 'plan' });
    const { sink, finished } = recordingSink();
    await local.plan(request(), sink);
    while (invocations().length < 2) {
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    await local.shutdown();

    const result = await finished;
    expect(result.status).toBe('failed');
    expect(result.message).toContain('`tofu plan` was stopped');
  });

  // With the real OpenTofu / Terraform, when installed: a provider-free module,
  // so nothing is downloaded.
  (realIacOnPath() ? describe : describe.skip)('with the real binary', () => {
    it('plans, applies, checks drift and destroys', async () => {
      mockDir.addContent({
        'modules/greeting/main.tf': [
          'variable "name" {',
          '  type = string',
          '}',
          'resource "terraform_data" "greeting" {',
          '  input = "hello ${var.name}"',
          '}',
          'output "greeting" {',
          '  value = terraform_data.greeting.output',
          '}',
          '',
        ].join('\n'),
      });
      const local = new LocalExecutor({
        workDir: mockDir.resolve('work'),
        modulesDir: mockDir.resolve('modules'),
        logger: recordingLogger(logs),
        env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
      });
      const input = request({
        module: { name: 'greeting', version: '1.0.0' },
        inputs: { name: 'world' },
      });

      const plan = await runToEnd(local, 'plan', input);
      expect(plan.result.message).toBe(
        'Plan: 1 to add, 0 to change, 0 to destroy',
      );
      const planJson: unknown = JSON.parse(
        plan.result.artifacts?.['plan.json']?.toString('utf8') ?? 'null',
      );
      expect(planJson).toMatchObject({
        resource_changes: [
          {
            address: 'module.greeting.terraform_data.greeting',
            change: { actions: ['create'] },
          },
        ],
      });

      const apply = await runToEnd(local, 'apply', input);
      expect(apply.result.status).toBe('succeeded');
      expect(
        existsSync(mockDir.resolve('work', ID_A, 'terraform.tfstate')),
      ).toBe(true);

      const drift = await runToEnd(local, 'driftCheck', input);
      expect(drift.result).toMatchObject({ status: 'succeeded' });
      expect(drift.result.message).toMatch(/^No drift/);

      const destroy = await runToEnd(local, 'destroy', input);
      expect(destroy.result.status).toBe('succeeded');
      const state: unknown = JSON.parse(
        readFileSync(
          mockDir.resolve('work', ID_A, 'terraform.tfstate'),
          'utf8',
        ),
      );
      expect(state).toMatchObject({ resources: [] });
    }, 120_000);
  });
});
