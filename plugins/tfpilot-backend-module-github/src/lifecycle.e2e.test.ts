import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  createTestDatabases,
  expectNoSchemaViolations,
  GithubTestServer,
  readFixture,
} from '@tfpilot/test';
import { Knex } from 'knex';
import {
  E2E_OWNER,
  E2E_REPO,
  E2E_WEBHOOK_SECRET,
  startGithubTestBackend,
} from './__testUtils__/startGithubTestBackend';

const requestBody = {
  module: { name: 'object-bucket', version: '1.0.0' },
  environment: 'dev',
  inputs: { name: 'build-artifacts', tags: { owner: 'team-a' } },
  entityRef: 'component:default/checkout',
};
const planArtifacts = {
  'tfpilot-plan': {
    'plan.json': readFixture('plans/tf-plan-format__create.json'),
    'infracost.json': readFixture(
      'infracost/breakdown__format_json_with_usage.json',
    ),
  },
};

/**
 * The whole path of issue "GitHub execution": the real TfPilot backend with
 * the GitHub module, talking to the GitHub test server, which answers as
 * GitHub's OpenAPI description says and delivers signed webhooks back.
 */
// A whole backend per test, on a 2-core CI machine running other suites too.
jest.setTimeout(60_000);

describe('GitHub execution end to end', () => {
  const databases = createTestDatabases();
  const storage = createMockDirectory();
  let github: GithubTestServer;
  let knex: Knex;

  beforeEach(async () => {
    storage.clear();
    knex = await databases.init('SQLITE_3');
    github = await GithubTestServer.start({
      owner: E2E_OWNER,
      repo: E2E_REPO,
      webhookSecret: E2E_WEBHOOK_SECRET,
    });
  });
  afterEach(async () => {
    expectNoSchemaViolations(github);
    await github.stop();
  });

  async function startBackend() {
    const started = await startGithubTestBackend({
      github,
      knex,
      storageDir: storage.path,
      executor: { reconcile: { minAgeSeconds: 0 } },
    });
    return {
      ...started,
      create: async () => {
        const res = await started.post('/requests', requestBody);
        expect(res.status).toBe(201);
        return res.body.id as string;
      },
      act: (id: string, action: string) =>
        started.post(`/requests/${id}/${action}`),
      get: async (id: string) => (await started.get(`/requests/${id}`)).body,
      reconcile: () => started.post('/admin/reconcile'),
    };
  }

  const lastRunId = () => {
    const runs = github.runs();
    return runs[runs.length - 1].id;
  };

  it('request → pull request → plan → webhook → planned with summary and cost → approve → apply → applied, within 12 API calls', async () => {
    const api = await startBackend();
    const id = await api.create();

    const planning = await api.act(id, 'plan');
    expect(planning.status).toBe(200);
    expect(planning.body.status).toBe('planning');
    const [pull] = github.pulls();
    expect(pull).toMatchObject({ state: 'open', head: `tfpilot/${id}` });
    expect(pull.body).toContain(
      `https://backstage.example.com/tfpilot/requests/${id}`,
    );
    expect(planning.body.pullRequest).toEqual({
      number: pull.number,
      url: pull.html_url,
    });
    const mainTf = JSON.parse(
      github.file(`tfpilot/${id}`, `tfpilot/dev/${id}/main.tf.json`) ?? '{}',
    );
    expect(mainTf.module.object_bucket).toMatchObject(requestBody.inputs);
    const planRun = lastRunId();
    expect(github.run(planRun)).toMatchObject({
      display_title: `tfpilot plan ${id}`,
      head_branch: `tfpilot/${id}`,
    });

    await github.startRun(planRun);
    expect((await api.get(id)).status).toBe('planning');
    const deliveries = await github.completeRun(planRun, {
      conclusion: 'success',
      artifacts: planArtifacts,
    });
    expect(deliveries.map(d => d.status)).toEqual([202, 202]);

    const planned = await api.get(id);
    expect(planned.status).toBe('awaiting_approval');
    expect(planned.plan).toMatchObject({
      runId: `gh-${planRun}`,
      summary: { counts: { create: 1 } },
    });
    expect(planned.cost.summary.currency).toBe('USD');
    const [comment] = github.comments(pull.number);
    expect(comment.body).toContain('<!-- tfpilot:comment -->');

    expect((await api.act(id, 'approve')).status).toBe(200);
    const applying = await api.act(id, 'apply');
    expect(applying.body.status).toBe('applying');
    const applyRun = lastRunId();
    expect(github.run(applyRun)?.inputs).toMatchObject({
      request_id: id,
      plan_run_id: String(planRun),
    });
    await github.completeRun(applyRun, { conclusion: 'success' });

    const applied = await api.get(id);
    expect(applied.status).toBe('applied');
    expect(github.pulls()[0]).toMatchObject({ merged: true });
    expect(github.comments(pull.number)).toHaveLength(1);
    const apiCalls = github.calls.filter(
      c => !c.operation.startsWith('blob/') && !c.operation.startsWith('raw/'),
    );
    expect(apiCalls.length).toBeLessThanOrEqual(12);
  });

  it('records a failed plan run as plan_failed with the run link', async () => {
    const api = await startBackend();
    const id = await api.create();
    await api.act(id, 'plan');
    await github.completeRun(lastRunId(), { conclusion: 'failure' });

    const failed = await api.get(id);
    expect(failed.status).toBe('plan_failed');
    expect(failed.runs[0].message).toContain('failure');
    expect(failed.runs[0].url).toMatch(
      /^https:\/\/github\.com\/acme\/infra-live\/actions\/runs\/\d+$/,
    );
  });

  it('applies duplicate and out-of-order deliveries once, and refuses forged ones', async () => {
    const api = await startBackend();
    const id = await api.create();
    await api.act(id, 'plan');
    const run = lastRunId();

    const [job, completed] = await github.completeRun(run, {
      conclusion: 'success',
      artifacts: planArtifacts,
    });
    expect(JSON.parse(job.responseBody)).toMatchObject({ status: 'ignored' });
    expect(JSON.parse(completed.responseBody)).toMatchObject({
      status: 'processed',
    });
    const after = await api.get(id);
    github.resetCalls();

    const again = await github.redeliver(completed.id);
    expect(again.status).toBe(202);
    expect(JSON.parse(again.responseBody)).toMatchObject({ status: 'ignored' });
    const late = await github.deliverRunEvent(run, 'in_progress');
    expect(late.status).toBe(202);
    const forged = await github.deliver('workflow_run', completed.payload, {
      signature: 'forged',
    });
    expect(forged.status).toBe(401);
    const unsigned = await github.deliver('workflow_run', completed.payload, {
      signature: 'missing',
    });
    expect(unsigned.status).toBe(401);

    expect(github.calls).toEqual([]);
    expect(await api.get(id)).toEqual(after);
  });

  it('catches up on a lost webhook through the reconciler', async () => {
    const api = await startBackend();
    const id = await api.create();
    await api.act(id, 'plan');
    await github.completeRun(lastRunId(), {
      conclusion: 'success',
      artifacts: planArtifacts,
      deliver: false,
    });
    expect((await api.get(id)).status).toBe('planning');

    const reconciled = await api.reconcile();
    expect(reconciled.body).toEqual({ inFlight: 1 });
    expect((await api.get(id)).status).toBe('awaiting_approval');
    expect((await api.reconcile()).body).toEqual({ inFlight: 0 });
  });

  it('retries GitHub 5xx and 429 answers and loses nothing', async () => {
    const api = await startBackend();
    const id = await api.create();
    github.failNext({ operation: 'git/create-ref', status: 502, count: 2 });
    github.failNext({
      operation: 'actions/create-workflow-dispatch',
      status: 429,
      retryAfterSeconds: 0,
    });

    const planning = await api.act(id, 'plan');
    expect(planning.status).toBe(200);
    github.failNext({
      operation: 'actions/list-workflow-run-artifacts',
      status: 503,
    });
    await github.completeRun(lastRunId(), {
      conclusion: 'success',
      artifacts: planArtifacts,
    });

    expect((await api.get(id)).status).toBe('awaiting_approval');
    const statuses = github.calls.map(c => `${c.operation} ${c.status}`);
    expect(statuses).toEqual(
      expect.arrayContaining([
        'git/create-ref 502',
        'git/create-ref 201',
        'actions/create-workflow-dispatch 429',
        'actions/create-workflow-dispatch 200',
        'actions/list-workflow-run-artifacts 503',
        'actions/list-workflow-run-artifacts 200',
      ]),
    );
    expect(github.runs()).toHaveLength(1);
  });

  it('finishes a run that ended while the backend was down, after a restart', async () => {
    const first = await startBackend();
    const id = await first.create();
    await first.act(id, 'plan');
    await first.backend.stop();

    const [, lost] = await github.completeRun(lastRunId(), {
      conclusion: 'success',
      artifacts: planArtifacts,
    });
    expect(lost.status).not.toBe(202);

    const second = await startBackend();
    expect((await second.get(id)).status).toBe('planning');
    await second.reconcile();
    expect((await second.get(id)).status).toBe('awaiting_approval');
  });

  it('closes the pull request and deletes the branch when a request is cancelled', async () => {
    const api = await startBackend();
    const id = await api.create();
    await api.act(id, 'plan');
    await github.completeRun(lastRunId(), { conclusion: 'failure' });

    const cancelled = await api.act(id, 'cancel');
    expect(cancelled.status).toBe(200);
    expect(github.pulls()[0].state).toBe('closed');
    expect(github.branch(`tfpilot/${id}`)).toBeUndefined();
    const cleanupRun = lastRunId();
    expect(github.run(cleanupRun)?.display_title).toBe(`tfpilot cleanup ${id}`);
    await github.completeRun(cleanupRun, { conclusion: 'success' });
    const record = await api.get(id);
    expect(record.status).toBe('cancelled');
    expect(record.event.type).toBe('cleaned_up');
  });
});
