/**
 * GitHub API calls of one drift sweep over applied requests, through the real
 * GitHub executor and the GitHub test server: batched (one run per
 * repository and environment, as the drift scheduler does) against one run
 * per request (the baseline, what an executor without batches costs).
 */
import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { GithubExecutor } from '@tfpilot/backstage-plugin-tfpilot-backend-module-github';
import { newRequestId } from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  ExecutorRunInput,
  RunEventSink,
  RunResult,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { GithubTestServer, readFixture } from '@tfpilot/test';
import knexFactory from 'knex';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface DriftSweepResult {
  requests: number;
  environments: number;
  /** API calls of the batched sweep. */
  batched: number;
  batchedRuns: number;
  /** API calls when every request gets its own run. */
  perRequest: number;
}

const ENVIRONMENTS = ['dev', 'stage', 'prod'];
const driftPlan = readFixture('plans/terraform__show-json__drift.json');
const cleanPlan = readFixture('plans/tfjson__no_changes.json');

const silentLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silentLogger,
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Hands GitHub's deliveries to the executor, as the backend's webhook route does. */
async function webhookReceiver(
  executor: GithubExecutor,
  sink: RunEventSink,
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [
        k,
        Array.isArray(v) ? v.join(', ') : v,
      ]),
    );
    try {
      const outcome = await executor.handleWebhook({ headers, body }, sink);
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify(outcome));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

function inputs(requests: number, environments: number): ExecutorRunInput[] {
  const base = Date.now();
  return Array.from({ length: requests }, (_, i) => ({
    requestId: newRequestId(base - i * 1000),
    revision: 5,
    environment: ENVIRONMENTS[i % environments],
    module: { name: 'object-bucket', version: '1.0.0' },
    inputs: { name: `bucket-${i}` },
    runs: [],
  }));
}

/** The drift workflow's artifact for the requests of one run. */
function driftArtifact(ids: readonly string[]) {
  const files: Record<string, Buffer | string> = {};
  const results: Record<string, { exitCode: number }> = {};
  ids.forEach((id, i) => {
    const drifted = i % 10 === 0;
    results[id] = { exitCode: drifted ? 2 : 0 };
    files[`drift/${id}.json`] = drifted ? driftPlan : cleanPlan;
  });
  files['drift/results.json'] = JSON.stringify(results);
  return { 'tfpilot-drift': files };
}

async function withExecutor<T>(
  github: GithubTestServer,
  fn: (
    executor: GithubExecutor,
    sink: RunEventSink,
    results: RunResult[],
  ) => Promise<T>,
): Promise<T> {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const database: DatabaseService = { getClient: async () => knex };
  const executor = await GithubExecutor.fromConfig(
    new ConfigReader({
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
        executor: {
          type: 'github',
          github: {
            owner: 'acme',
            repo: 'infra-live',
            webhookSecret: 'bench-webhook-secret',
          },
        },
      },
    }),
    {
      logger: silentLogger,
      database,
      client: { retryBaseMs: 1, pacing: 'none' },
    },
  );
  const results: RunResult[] = [];
  const sink: RunEventSink = {
    runFinished: async result => {
      results.push(result);
    },
    runStatus: async () => 'running',
  };
  const receiver = await webhookReceiver(executor, sink);
  github.setWebhookUrl(receiver.url);
  try {
    return await fn(executor, sink, results);
  } finally {
    receiver.server.close();
    await knex.destroy();
  }
}

const apiCallCount = (github: GithubTestServer) =>
  github.calls.filter(
    c => !c.operation.startsWith('blob/') && !c.operation.startsWith('raw/'),
  ).length;

/** Completes every queued run with its requests' drift results. */
async function completeRuns(
  github: GithubTestServer,
  idsByRun: Map<number, readonly string[]>,
): Promise<void> {
  for (const [runId, ids] of idsByRun) {
    await github.completeRun(runId, {
      conclusion: 'success',
      artifacts: driftArtifact(ids),
    });
  }
}

function newRunIds(github: GithubTestServer, before: number): number[] {
  return github
    .runs()
    .slice(before)
    .map(run => run.id);
}

export async function driftSweep(options: {
  github: GithubTestServer;
  requests: number;
  environments: number;
}): Promise<DriftSweepResult> {
  const { github, requests, environments } = options;
  const all = inputs(requests, environments);

  const batched = await withExecutor(
    github,
    async (executor, _sink, results) => {
      github.resetCalls();
      const before = github.runs().length;
      const idsByRun = new Map<number, readonly string[]>();
      const size = executor.maxDriftBatchSize ?? all.length;
      for (const environment of ENVIRONMENTS.slice(0, environments)) {
        const group = all.filter(input => input.environment === environment);
        for (let i = 0; i < group.length; i += size) {
          const chunk = group.slice(i, i + size);
          await executor.driftCheckBatch(environment, chunk);
          const [runId] = newRunIds(github, before + idsByRun.size);
          idsByRun.set(
            runId,
            chunk.map(input => input.requestId),
          );
        }
      }
      await completeRuns(github, idsByRun);
      if (results.length !== requests) {
        throw new Error(
          `batched sweep reported ${results.length} of ${requests} requests`,
        );
      }
      return { calls: apiCallCount(github), runs: idsByRun.size };
    },
  );

  const perRequest = await withExecutor(
    github,
    async (executor, _sink, results) => {
      github.resetCalls();
      const before = github.runs().length;
      const idsByRun = new Map<number, readonly string[]>();
      for (const input of all) {
        await executor.driftCheck(input);
        const [runId] = newRunIds(github, before + idsByRun.size);
        idsByRun.set(runId, [input.requestId]);
      }
      await completeRuns(github, idsByRun);
      if (results.length !== requests) {
        throw new Error(
          `per-request sweep reported ${results.length} of ${requests} requests`,
        );
      }
      return apiCallCount(github);
    },
  );

  return {
    requests,
    environments,
    batched: batched.calls,
    batchedRuns: batched.runs,
    perRequest,
  };
}
