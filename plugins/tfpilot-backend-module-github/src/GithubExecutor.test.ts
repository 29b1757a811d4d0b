import { ConflictError } from '@backstage/errors';
import { createTestDatabases, expectNoSchemaViolations } from '@tfpilot/test';
import {
  APP_BASE_URL,
  GithubHarness,
  startGithubHarness,
  WEBHOOK_SECRET,
} from './__testUtils__/startGithubHarness';
import {
  INFRACOST_JSON,
  PLAN_JSON,
  plannedRequest,
  REQUEST_ID,
  runInput,
  succeededRun,
} from './__testUtils__/requests';
import { DEFAULT_MODULE_SOURCE } from './config';
import { MAX_DRIFT_BATCH } from './dispatch';
import { requestMainTf } from './mainTf';
import { mainTfPath, requestBranch, workflowRunIdOf } from './names';

const databases = createTestDatabases();
const BRANCH = requestBranch(REQUEST_ID);
const PLAN_ARTIFACTS = {
  'tfpilot-plan': { 'plan.json': PLAN_JSON, 'infracost.json': INFRACOST_JSON },
};
const FIRST_PLAN = [
  'git/get-ref',
  'git/create-ref',
  'repos/create-or-update-file-contents',
  'pulls/create',
  'actions/create-workflow-dispatch',
];

function githubRunId(runId: string): number {
  const id = workflowRunIdOf(runId);
  if (id === undefined) {
    throw new Error(`${runId} is not a GitHub run id`);
  }
  return id;
}

describe('GithubExecutor against the GitHub test server', () => {
  let h: GithubHarness;

  beforeEach(async () => {
    h = await startGithubHarness({ knex: await databases.init('SQLITE_3') });
  });

  afterEach(async () => {
    try {
      // Every answer and delivery matched GitHub's OpenAPI description.
      expectNoSchemaViolations(h.server);
    } finally {
      await h.stop();
    }
  });

  /** Plans the request and lets the engine wait for the run. */
  async function plan(overrides = {}) {
    const input = runInput(overrides);
    const handle = await h.executor.plan(input);
    h.events.expect(REQUEST_ID, handle.runId);
    return handle;
  }

  describe('plan', () => {
    it('commits the module call on a new branch, opens a pull request and dispatches the plan', async () => {
      const handle = await plan();

      expect(h.operations()).toEqual(FIRST_PLAN);
      const [run] = h.server.runs();
      expect(handle).toEqual({
        runId: `gh-${run.id}`,
        url: `https://github.com/acme/infra-live/actions/runs/${run.id}`,
        pullRequest: {
          number: 1,
          url: 'https://github.com/acme/infra-live/pull/1',
        },
      });
      expect(run).toMatchObject({
        workflow: 'tfpilot-plan.yml',
        head_branch: BRANCH,
        display_title: `tfpilot plan ${REQUEST_ID}`,
        inputs: { request_id: REQUEST_ID, environment: 'dev', tool: 'tofu' },
      });
      const expected = requestMainTf(
        {
          moduleSource: DEFAULT_MODULE_SOURCE.replace('{host}', 'ghe.test')
            .replace('{owner}', 'acme')
            .replace('{repo}', 'infra-live'),
        },
        runInput(),
      );
      expect(h.server.file(BRANCH, mainTfPath('dev', REQUEST_ID))).toBe(
        expected,
      );
      const [pull] = h.server.pulls();
      expect(pull).toMatchObject({ head: BRANCH, base: 'main', state: 'open' });
      expect(pull.body).toContain(
        `${APP_BASE_URL}/tfpilot/requests/${REQUEST_ID}`,
      );
      expect(pull.body).not.toContain('checkout-logs');
    });

    it('re-plans the same request without committing anything', async () => {
      const first = await plan();
      const head = h.server.branch(BRANCH)?.sha;
      h.server.resetCalls();

      const second = await plan({ pullRequest: first.pullRequest });

      expect(h.operations()).toEqual([
        'git/get-ref',
        'git/create-ref',
        'repos/get-content',
        'actions/create-workflow-dispatch',
      ]);
      expect(h.server.branch(BRANCH)?.sha).toBe(head);
      expect(second.pullRequest).toEqual(first.pullRequest);
      expect(h.server.pulls()).toHaveLength(1);
    });

    it('finds the open pull request of a reused branch when the engine does not know it', async () => {
      await plan();
      h.server.resetCalls();

      const again = await plan({ inputs: { name: 'checkout-logs-v2' } });

      expect(h.operations()).toEqual([
        'git/get-ref',
        'git/create-ref',
        'repos/get-content',
        'repos/create-or-update-file-contents',
        'pulls/list',
        'actions/create-workflow-dispatch',
      ]);
      expect(again.pullRequest?.number).toBe(1);
      expect(h.server.file(BRANCH, mainTfPath('dev', REQUEST_ID))).toContain(
        'checkout-logs-v2',
      );
    });

    it('refuses reserved input names before calling GitHub', async () => {
      await expect(plan({ inputs: { source: 'x' } })).rejects.toThrow(
        'Inputs "source" cannot be used',
      );
      expect(h.apiCalls()).toEqual([]);
    });
  });

  describe('a request from plan to applied', () => {
    it('hands back plan and cost, merges on apply and keeps one comment, within 12 calls', async () => {
      const planned = await plan();
      await h.server.completeRun(githubRunId(planned.runId), {
        conclusion: 'success',
        artifacts: PLAN_ARTIFACTS,
      });

      expect(h.events.finished).toEqual([
        {
          requestId: REQUEST_ID,
          runId: planned.runId,
          operation: 'plan',
          status: 'succeeded',
          finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
          url: planned.url,
          artifacts: { 'plan.json': PLAN_JSON, 'cost.json': INFRACOST_JSON },
        },
      ]);
      const pullRequest = planned.pullRequest!;
      await h.executor.publish(
        plannedRequest({ planRunId: planned.runId, pullRequest }),
      );

      const applyInput = runInput({
        runs: [succeededRun(planned.runId, 'plan')],
        pullRequest,
      });
      const applying = await h.executor.apply(applyInput);
      h.events.expect(REQUEST_ID, applying.runId);
      const applyRun = h.server.run(githubRunId(applying.runId));
      expect(applyRun).toMatchObject({
        workflow: 'tfpilot-apply.yml',
        head_branch: BRANCH,
        display_title: `tfpilot apply ${REQUEST_ID}`,
        inputs: {
          request_id: REQUEST_ID,
          environment: 'dev',
          tool: 'tofu',
          plan_run_id: String(githubRunId(planned.runId)),
        },
      });
      await h.server.completeRun(githubRunId(applying.runId), {
        conclusion: 'success',
      });
      expect(h.events.finished[1]).toMatchObject({
        runId: applying.runId,
        operation: 'apply',
        status: 'succeeded',
        message: `Applied; merged pull request #${pullRequest.number}`,
      });
      await h.executor.publish(
        plannedRequest({
          planRunId: planned.runId,
          pullRequest,
          status: 'applied',
          revision: 7,
        }),
      );

      expect(h.operations()).toEqual([
        ...FIRST_PLAN,
        'actions/list-workflow-run-artifacts',
        'actions/download-artifact',
        'issues/create-comment',
        'actions/create-workflow-dispatch',
        'pulls/merge',
        'issues/update-comment',
      ]);
      expect(h.apiCalls().length).toBeLessThanOrEqual(12);
      expect(h.server.pulls()[0]).toMatchObject({ merged: true });
      const comments = h.server.comments(pullRequest.number);
      expect(comments).toHaveLength(1);
      expect(comments[0].body).toMatch(/^<!-- tfpilot:comment -->/);
      expect(comments[0].body).toContain('s3-bucket@1.4.0 · dev · applied');
      // Every delivery of the two runs was answered without an error.
      expect(h.receiver.received.map(r => r.status)).toEqual(
        h.receiver.received.map(() => 200),
      );
    });

    it('refuses to apply without a succeeded plan, calling nothing', async () => {
      await expect(h.executor.apply(runInput())).rejects.toThrow(ConflictError);
      expect(h.apiCalls()).toEqual([]);
    });

    it('reports an apply whose merge fails as applied, naming the merge failure', async () => {
      const planned = await plan();
      const applying = await h.executor.apply(
        runInput({
          runs: [succeededRun(planned.runId, 'plan')],
          pullRequest: planned.pullRequest,
        }),
      );
      h.events.expect(REQUEST_ID, applying.runId);
      h.server.setMergeable(planned.pullRequest!.number, false);

      await h.server.completeRun(githubRunId(applying.runId), {
        conclusion: 'success',
      });

      expect(h.events.finished).toEqual([
        expect.objectContaining({
          runId: applying.runId,
          status: 'succeeded',
          message: expect.stringMatching(
            /^Applied, but merging pull request #1 failed: GitHub merge pull request failed with status 405/,
          ),
        }),
      ]);
    });
  });

  describe('webhooks', () => {
    it('reports a failed run with its conclusion and page, without looking for artifacts', async () => {
      const planned = await plan();
      h.server.resetCalls();

      await h.server.completeRun(githubRunId(planned.runId), {
        conclusion: 'failure',
      });

      expect(h.events.finished).toEqual([
        expect.objectContaining({
          runId: planned.runId,
          status: 'failed',
          message: `GitHub Actions run ${githubRunId(
            planned.runId,
          )} ended with conclusion "failure": ${planned.url}`,
        }),
      ]);
      expect(h.apiCalls()).toEqual([]);
    });

    it('fails a successful plan run that uploaded no plan', async () => {
      const planned = await plan();

      await h.server.completeRun(githubRunId(planned.runId), {
        conclusion: 'success',
      });

      expect(h.events.finished[0]).toMatchObject({
        status: 'failed',
        message: `The plan run succeeded but uploaded no tfpilot-plan artifact: ${planned.url}`,
      });
    });

    it('costs nothing for redeliveries and events out of order', async () => {
      const planned = await plan();
      const runId = githubRunId(planned.runId);
      await h.server.startRun(runId);
      const deliveries = await h.server.completeRun(runId, {
        conclusion: 'success',
        artifacts: PLAN_ARTIFACTS,
      });
      const completed = deliveries.find(
        d => d.event === 'workflow_run' && d.action === 'completed',
      )!;
      expect(h.events.finished).toHaveLength(1);
      h.server.resetCalls();

      const again = await h.server.redeliver(completed.id);
      const late = await h.server.deliverRunEvent(runId, 'in_progress');
      const requested = await h.server.deliverRunEvent(runId, 'requested');

      expect(JSON.parse(again.responseBody)).toEqual({
        status: 'ignored',
        message: `run ${runId} was already recorded`,
      });
      expect(JSON.parse(late.responseBody)).toMatchObject({
        status: 'ignored',
      });
      expect(JSON.parse(requested.responseBody)).toMatchObject({
        status: 'ignored',
      });
      expect(h.apiCalls()).toEqual([]);
      expect(h.events.finished).toHaveLength(1);
      // Progress deliveries were answered as progress.
      expect(
        h.receiver.received
          .filter(r => r.event === 'workflow_job')
          .every(r => r.outcome?.status === 'ignored'),
      ).toBe(true);
    });

    it('refuses forged and unsigned deliveries before anything happens', async () => {
      const planned = await plan();
      const runId = githubRunId(planned.runId);
      await h.server.completeRun(runId, {
        conclusion: 'success',
        artifacts: PLAN_ARTIFACTS,
        deliver: false,
      });
      h.server.resetCalls();

      const forged = await h.server.deliverRunEvent(runId, 'completed', {
        signature: 'forged',
      });
      const unsigned = await h.server.deliverRunEvent(runId, 'completed', {
        signature: 'missing',
      });

      expect(forged.status).toBe(401);
      expect(unsigned.status).toBe(401);
      expect(h.receiver.received.slice(-2).map(r => r.error?.name)).toEqual([
        'AuthenticationError',
        'AuthenticationError',
      ]);
      expect(h.events.statusQueries).toEqual([]);
      expect(h.events.finished).toEqual([]);
      expect(h.apiCalls()).toEqual([]);
    });

    it('answers pings and ignores runs of other repositories and workflows', async () => {
      const ping = await h.server.deliver('ping', {
        zen: 'Keep it logically awesome.',
        hook_id: 470000001,
      });
      expect(JSON.parse(ping.responseBody)).toEqual({
        status: 'processed',
        message: 'pong',
      });

      const planned = await plan();
      const runId = githubRunId(planned.runId);
      await h.server.completeRun(runId, {
        conclusion: 'success',
        deliver: false,
      });
      const completed = h.server.deliveries.length;
      await h.server.deliverRunEvent(runId, 'completed');
      const payload = h.server.deliveries[completed].payload;
      const run = payload.workflow_run as Record<string, unknown>;
      h.server.resetCalls();

      const elsewhere = await h.server.deliver('workflow_run', {
        ...payload,
        workflow_run: {
          ...run,
          repository: {
            ...(run.repository as object),
            full_name: 'acme/other',
          },
        },
      });
      const ci = await h.server.deliver('workflow_run', {
        ...payload,
        workflow_run: { ...run, display_title: 'Update README.md' },
      });
      const lookalike = await h.server.deliver('workflow_run', {
        ...payload,
        workflow_run: { ...run, id: run.id, path: '.github/workflows/ci.yml' },
      });

      expect(JSON.parse(elsewhere.responseBody)).toMatchObject({
        status: 'ignored',
        message: expect.stringContaining('another repository'),
      });
      expect(JSON.parse(ci.responseBody)).toMatchObject({
        status: 'ignored',
        message: expect.stringContaining('is not a TfPilot run'),
      });
      expect(JSON.parse(lookalike.responseBody)).toMatchObject({
        status: 'ignored',
        message: expect.stringContaining('comes from another workflow'),
      });
      expect(h.apiCalls()).toEqual([]);
    });
  });

  describe('when GitHub fails for a moment', () => {
    it('retries 5xx answers and rate limits; nothing is lost or doubled', async () => {
      h.server.failNext({ operation: 'git/create-ref', status: 502 });
      h.server.failNext({ operation: 'pulls/create', status: 403 });
      h.server.failNext({
        operation: 'actions/create-workflow-dispatch',
        status: 429,
        retryAfterSeconds: 2,
      });

      const planned = await plan();

      h.server.failNext({
        operation: 'actions/list-workflow-run-artifacts',
        status: 503,
        count: 2,
      });
      h.server.failNext({
        operation: 'actions/download-artifact',
        status: 429,
      });
      await h.server.completeRun(githubRunId(planned.runId), {
        conclusion: 'success',
        artifacts: PLAN_ARTIFACTS,
      });

      expect(h.events.finished).toEqual([
        expect.objectContaining({
          status: 'succeeded',
          artifacts: { 'plan.json': PLAN_JSON, 'cost.json': INFRACOST_JSON },
        }),
      ]);
      expect(h.server.pulls()).toHaveLength(1);
      expect(h.server.runs()).toHaveLength(1);
      expect(h.apiCalls().map(c => `${c.operation} ${c.status}`)).toEqual([
        'git/get-ref 200',
        'git/create-ref 502',
        'git/create-ref 201',
        'repos/create-or-update-file-contents 201',
        'pulls/create 403',
        'pulls/create 201',
        'actions/create-workflow-dispatch 429',
        'actions/create-workflow-dispatch 200',
        'actions/list-workflow-run-artifacts 503',
        'actions/list-workflow-run-artifacts 503',
        'actions/list-workflow-run-artifacts 200',
        'actions/download-artifact 429',
        'actions/download-artifact 302',
      ]);
    });

    it('leaves a run in flight when GitHub keeps failing, for the reconciler to finish', async () => {
      const planned = await plan();
      h.server.failNext({
        operation: 'actions/list-workflow-run-artifacts',
        status: 500,
        count: 10,
      });

      const [delivery] = (
        await h.server.completeRun(githubRunId(planned.runId), {
          conclusion: 'success',
          artifacts: PLAN_ARTIFACTS,
        })
      ).slice(-1);

      expect(delivery.status).toBe(500);
      expect(h.events.finished).toEqual([]);

      h.server.clearFaults();
      await h.executor.reconcile(
        [
          {
            requestId: REQUEST_ID,
            environment: 'dev',
            run: { ...succeededRun(planned.runId, 'plan'), status: 'running' },
          },
        ],
        h.events,
      );
      expect(h.events.finished).toEqual([
        expect.objectContaining({ runId: planned.runId, status: 'succeeded' }),
      ]);
    });
  });

  describe('reconcile', () => {
    const inFlight = (
      runId: string,
      operation: 'plan' | 'apply' = 'plan',
      startedAt = '2026-11-20T10:00:00.000Z',
    ) => ({
      requestId: REQUEST_ID,
      environment: 'dev',
      run: {
        runId,
        operation,
        status: 'running' as const,
        executor: 'github',
        startedAt,
      },
    });

    it('finishes a completed run whose webhook never came', async () => {
      const planned = await plan();
      await h.server.completeRun(githubRunId(planned.runId), {
        conclusion: 'success',
        artifacts: PLAN_ARTIFACTS,
        deliver: false,
      });
      h.server.resetCalls();

      await h.executor.reconcile([inFlight(planned.runId)], h.events);

      expect(h.operations()).toEqual([
        'actions/get-workflow-run',
        'actions/list-workflow-run-artifacts',
        'actions/download-artifact',
      ]);
      expect(h.events.finished).toEqual([
        expect.objectContaining({
          runId: planned.runId,
          status: 'succeeded',
          artifacts: { 'plan.json': PLAN_JSON, 'cost.json': INFRACOST_JSON },
        }),
      ]);
    });

    it('leaves running runs alone and goes on after a failing lookup', async () => {
      const first = await plan();
      const second = await h.executor.destroy(runInput());
      h.events.expect(REQUEST_ID, second.runId);
      await h.server.completeRun(githubRunId(second.runId), {
        conclusion: 'success',
        deliver: false,
      });
      h.server.resetCalls();
      h.server.failNext({
        operation: 'actions/get-workflow-run',
        status: 500,
        count: 4,
      });

      await h.executor.reconcile(
        [
          inFlight(first.runId),
          {
            ...inFlight(second.runId),
            run: { ...inFlight(second.runId).run, operation: 'destroy' },
          },
          inFlight('local-plan-abc'),
        ],
        h.events,
      );

      expect(h.events.finished).toEqual([
        expect.objectContaining({
          runId: second.runId,
          operation: 'destroy',
          status: 'succeeded',
        }),
      ]);
      expect(h.operations()).toEqual([
        ...Array(4).fill('actions/get-workflow-run'),
        'actions/get-workflow-run',
      ]);

      h.server.resetCalls();
      await h.executor.reconcile([inFlight(first.runId)], h.events);
      expect(h.operations()).toEqual(['actions/get-workflow-run']);
      expect(h.events.finished).toHaveLength(1);
    });
  });

  describe('publish', () => {
    it('creates one comment and updates it; a deleted comment is replaced', async () => {
      const planned = await plan();
      const pullRequest = planned.pullRequest!;
      const request = plannedRequest({ planRunId: planned.runId, pullRequest });
      h.server.resetCalls();

      await h.executor.publish(request);
      await h.executor.publish({ ...request, status: 'approved' });

      expect(h.operations()).toEqual([
        'issues/create-comment',
        'issues/update-comment',
      ]);
      const [comment] = h.server.comments(pullRequest.number);
      expect(comment.body).toContain('s3-bucket@1.4.0 · dev · approved');
      expect(comment.body.length).toBeLessThanOrEqual(65_536);

      // Someone deleted the comment on GitHub: its id no longer resolves.
      await h
        .knex('tfpilot_github_comments')
        .where({ request_id: REQUEST_ID })
        .update({ comment_id: 999_999 });
      h.server.resetCalls();
      await h.executor.publish({ ...request, status: 'applying' });
      expect(h.apiCalls().map(c => `${c.operation} ${c.status}`)).toEqual([
        'issues/update-comment 404',
        'issues/create-comment 201',
      ]);
      await h.executor.publish({ ...request, status: 'applied' });
      expect(h.operations().slice(-1)).toEqual(['issues/update-comment']);
    });

    it('calls nothing for a request without a plan or a pull request', async () => {
      const request = plannedRequest({
        planRunId: 'gh-1',
        pullRequest: {
          number: 1,
          url: 'https://github.com/acme/infra-live/pull/1',
        },
      });
      await h.executor.publish({ ...request, plan: undefined });
      await h.executor.publish({ ...request, pullRequest: undefined });
      expect(h.apiCalls()).toEqual([]);
    });
  });

  describe('cleanup', () => {
    it('closes the pull request, deletes the branch and dispatches cleanup on the base branch', async () => {
      const planned = await plan();
      h.server.resetCalls();

      const handle = await h.executor.cleanup(
        runInput({ pullRequest: planned.pullRequest }),
      );

      expect(h.operations()).toEqual([
        'pulls/update',
        'git/delete-ref',
        'actions/create-workflow-dispatch',
      ]);
      expect(h.server.pulls()[0]).toMatchObject({
        state: 'closed',
        merged: false,
      });
      expect(h.server.branch(BRANCH)).toBeUndefined();
      expect(h.server.run(githubRunId(handle.runId))).toMatchObject({
        workflow: 'tfpilot-cleanup.yml',
        head_branch: 'main',
        display_title: `tfpilot cleanup ${REQUEST_ID}`,
        inputs: { request_id: REQUEST_ID, environment: 'dev' },
      });

      // Again: the pull request is closed and the branch gone; both are fine.
      await h.executor.cleanup(runInput({ pullRequest: planned.pullRequest }));
    });
  });

  describe('drift', () => {
    const OTHER = '01jd8x3m4n5p6q7r8s9t0v1w2y';

    it('checks a batch in one run and reports each request', async () => {
      const batch = await h.executor.driftCheckBatch('dev', [
        runInput(),
        runInput({ requestId: OTHER }),
      ]);
      h.events.expect(REQUEST_ID, batch.runId);
      h.events.expect(OTHER, batch.runId);
      const run = h.server.run(githubRunId(batch.runId));
      expect(run).toMatchObject({
        workflow: 'tfpilot-drift.yml',
        head_branch: 'main',
        display_title: `tfpilot drift dev ${batch.batchId}`,
        inputs: {
          environment: 'dev',
          request_ids: `${REQUEST_ID} ${OTHER}`,
          batch_id: batch.batchId,
          tool: 'tofu',
        },
      });

      await h.server.completeRun(githubRunId(batch.runId), {
        conclusion: 'success',
        artifacts: {
          'tfpilot-drift': {
            'drift/results.json': JSON.stringify({
              [REQUEST_ID]: { exitCode: 2 },
              [OTHER]: { exitCode: 1 },
            }),
            [`drift/${REQUEST_ID}.json`]: PLAN_JSON,
          },
        },
      });

      expect(h.events.finished).toEqual([
        expect.objectContaining({
          requestId: REQUEST_ID,
          runId: batch.runId,
          operation: 'driftCheck',
          status: 'succeeded',
          artifacts: { 'plan.json': PLAN_JSON },
        }),
        expect.objectContaining({
          requestId: OTHER,
          operation: 'driftCheck',
          status: 'failed',
        }),
      ]);
    });

    it('refuses a batch mixing environments or larger than the workflow takes', async () => {
      await expect(
        h.executor.driftCheckBatch('dev', [
          runInput(),
          runInput({ requestId: OTHER, environment: 'prod' }),
        ]),
      ).rejects.toThrow(`Request ${OTHER} is in prod`);
      const many = Array.from({ length: MAX_DRIFT_BATCH + 1 }, (_, i) =>
        runInput({
          requestId: `01jd8x3m4n5p6q7r8s9t${String(i).padStart(6, '0')}`,
        }),
      );
      await expect(h.executor.driftCheckBatch('dev', many)).rejects.toThrow(
        `at most ${MAX_DRIFT_BATCH} requests`,
      );
      expect(h.executor.maxDriftBatchSize).toBe(MAX_DRIFT_BATCH);
      expect(h.executor.driftBatchKey()).toBe('acme/infra-live');
      expect(h.server.runs()).toEqual([]);
    });

    it('checks one request as a batch of one', async () => {
      const handle = await h.executor.driftCheck(runInput());
      expect(handle).not.toHaveProperty('batchId');
      expect(h.server.run(githubRunId(handle.runId))?.inputs).toMatchObject({
        request_ids: REQUEST_ID,
      });
    });
  });
});

describe('GithubExecutor without a webhook secret', () => {
  it('refuses every delivery', async () => {
    const h = await startGithubHarness({
      knex: await databases.init('SQLITE_3'),
      withoutWebhookSecret: true,
    });
    try {
      const delivery = await h.server.deliver('ping', { zen: 'x', hook_id: 1 });
      expect(delivery.status).toBe(401);
      expect(h.receiver.received[0].error).toEqual({
        name: 'AuthenticationError',
        message: 'tfpilot.executor.github.webhookSecret is not configured',
      });
      expect(WEBHOOK_SECRET).not.toBe('');
    } finally {
      await h.stop();
    }
  });
});
