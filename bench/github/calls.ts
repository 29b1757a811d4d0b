/**
 * GitHub API calls spent by TfPilot, counted by the GitHub test server (every
 * call it answers), with a real backend and the real GitHub executor:
 *
 *   lifecycle/webhooks  create → plan → webhook → approve → apply → applied
 *   lifecycle/polling   the same with webhooks lost: results found by the
 *                       reconciler only, polling N times per run (baseline)
 *
 * Entry point: bench/github/run.sh. Settings (environment variables):
 *   BENCH_GITHUB_PORT   backend port (default 7078)
 *   BENCH_POLLS         reconciler polls while a run is in progress (default 3)
 *   BENCH_KEEP          1 keeps the scratch directory
 */
import { GithubTestServer } from '@tfpilot/test';
import { readFixture } from '@tfpilot/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningBackend, startBackend } from '../src/backendProcess';
import { driftSweep, DriftSweepResult } from './drift';

const OWNER = 'acme';
const REPO = 'infra-live';
const SECRET = 'bench-webhook-secret';
const PORT = Number(process.env.BENCH_GITHUB_PORT ?? 7078);
const POLLS = Number(process.env.BENCH_POLLS ?? 3);

const planArtifacts = {
  'tfpilot-plan': {
    'plan.json': readFixture('plans/tf-plan-format__create.json'),
    'infracost.json': readFixture(
      'infracost/breakdown__format_json_with_usage.json',
    ),
  },
};

/** Calls GitHub answered, by operation; artifact bytes served from storage are not API calls. */
function apiCalls(github: GithubTestServer): string[] {
  return github.calls
    .map(call => call.operation)
    .filter(op => !op.startsWith('blob/') && !op.startsWith('raw/'));
}

function countBy(items: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}

async function api(
  backend: RunningBackend,
  method: 'GET' | 'POST',
  path: string,
  body?: object,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${backend.baseUrl}/api/tfpilot${path}`, {
    method,
    headers: {
      authorization: `Bearer ${backend.token}`,
      'content-type': 'application/json',
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: await response.json() };
}

async function waitForStatus(
  backend: RunningBackend,
  id: string,
  status: string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { json } = await api(backend, 'GET', `/requests/${id}`);
    if (json.status === status) return;
    if (Date.now() > deadline) {
      throw new Error(`request ${id} is ${json.status}, expected ${status}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

const lastRunId = (github: GithubTestServer) => {
  const runs = github.runs();
  return runs[runs.length - 1].id;
};

interface LifecycleResult {
  calls: number;
  byOperation: Record<string, number>;
}

/**
 * One request from creation to `applied`. With `webhooks`, results arrive as
 * signed deliveries; without, the reconciler polls `polls` times while each
 * run is in progress and once after it ended.
 */
async function lifecycle(
  backend: RunningBackend,
  github: GithubTestServer,
  mode: { webhooks: true } | { webhooks: false; polls: number },
): Promise<LifecycleResult> {
  github.resetCalls();
  const created = await api(backend, 'POST', '/requests', {
    module: { name: 'object-bucket', version: '1.0.0' },
    environment: 'dev',
    inputs: {
      name: 'build-artifacts',
      tags: { owner: 'team-a', 'cost-center': 'cc-1234' },
    },
    entityRef: 'component:default/checkout',
  });
  if (created.status !== 201) {
    throw new Error(
      `create: ${created.status} ${JSON.stringify(created.json)}`,
    );
  }
  const id = String(created.json.id);

  const finishRun = async (artifacts?: typeof planArtifacts) => {
    const runId = lastRunId(github);
    if (mode.webhooks) {
      await github.completeRun(runId, { conclusion: 'success', artifacts });
      return;
    }
    await github.startRun(runId, { deliver: false });
    for (let i = 0; i < mode.polls; i++) {
      await api(backend, 'POST', '/admin/reconcile');
    }
    await github.completeRun(runId, {
      conclusion: 'success',
      artifacts,
      deliver: false,
    });
    await api(backend, 'POST', '/admin/reconcile');
  };

  const planned = await api(backend, 'POST', `/requests/${id}/plan`);
  if (planned.status !== 200) {
    throw new Error(`plan: ${planned.status} ${JSON.stringify(planned.json)}`);
  }
  await finishRun(planArtifacts);
  await waitForStatus(backend, id, 'awaiting_approval');
  await api(backend, 'POST', `/requests/${id}/approve`);
  await api(backend, 'POST', `/requests/${id}/apply`);
  await finishRun();
  await waitForStatus(backend, id, 'applied');
  const calls = apiCalls(github);
  return { calls: calls.length, byOperation: countBy(calls) };
}

function githubConfig(github: GithubTestServer) {
  return (config: Record<string, unknown>) => ({
    ...config,
    integrations: {
      github: [
        {
          host: 'github.com',
          apiBaseUrl: github.apiBaseUrl,
          token: 'test-token',
        },
      ],
    },
    tfpilot: {
      ...(config.tfpilot as object),
      executor: {
        type: 'github',
        github: {
          owner: OWNER,
          repo: REPO,
          webhookSecret: SECRET,
          reconcile: { minAgeSeconds: 0 },
        },
      },
    },
  });
}

function report(
  webhooks: LifecycleResult,
  polling: LifecycleResult,
  drift: DriftSweepResult[],
): string {
  const lines = [
    '# GitHub API calls',
    '',
    `Measured ${new Date().toISOString()} against the GitHub test server (test/src/github), real backend and executor.`,
    '',
    '| scenario | API calls | baseline | ratio | target |',
    '|---|---|---|---|---|',
    `| lifecycle create → applied, webhooks | ${webhooks.calls} | ${
      polling.calls
    } (webhooks lost, reconciler polling ${POLLS}× per run) | ${(
      webhooks.calls / polling.calls
    ).toFixed(2)}× | ≤ 12 ${webhooks.calls <= 12 ? '✅' : '❌'} |`,
    ...drift.map(
      d =>
        `| drift sweep, ${d.requests} applied requests, ${
          d.environments
        } environments, 1 repository | ${d.batched} | ${
          d.perRequest
        } (one run per request) | ${(d.batched / d.perRequest).toFixed(
          4,
        )}× | grows with repositories × environments |`,
    ),
    '',
    'Lifecycle calls by operation (webhooks):',
    '',
    ...Object.entries(webhooks.byOperation).map(
      ([op, n]) => `- \`${op}\`: ${n}`,
    ),
    '',
    'Lifecycle calls by operation (polling):',
    '',
    ...Object.entries(polling.byOperation).map(
      ([op, n]) => `- \`${op}\`: ${n}`,
    ),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tfpilot-bench-github-'));
  const github = await GithubTestServer.start({
    owner: OWNER,
    repo: REPO,
    webhookSecret: SECRET,
  });
  let backend: RunningBackend | undefined;
  try {
    backend = await startBackend({
      dir,
      port: PORT,
      database: {
        client: 'better-sqlite3',
        connection: { directory: join(dir, 'sqlite') },
      },
      objectsDir: join(dir, 'objects'),
      fsync: false,
      label: 'github',
      entry: join(__dirname, 'backend.ts'),
      configure: githubConfig(github),
    });
    github.setWebhookUrl(`${backend.baseUrl}/api/tfpilot/webhooks/github`);
    const webhooks = await lifecycle(backend, github, { webhooks: true });
    const polling = await lifecycle(backend, github, {
      webhooks: false,
      polls: POLLS,
    });
    const drift = [];
    for (const requests of [100, 1000]) {
      drift.push(await driftSweep({ github, requests, environments: 2 }));
    }
    const text = report(webhooks, polling, drift);
    const resultsDir = join(__dirname, 'results');
    require('node:fs').mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'calls.md'), text);
    process.stdout.write(`${text}\n`);
    if (webhooks.calls > 12) process.exitCode = 1;
  } finally {
    await backend?.stop();
    await github.stop();
    if (process.env.BENCH_KEEP !== '1') {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
