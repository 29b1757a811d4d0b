import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  createTestDatabases,
  expectNoSchemaViolations,
  GithubTestServer,
  readFixture,
} from '@tfpilot/test';
import {
  E2E_OWNER,
  E2E_REPO,
  E2E_WEBHOOK_SECRET,
  startGithubTestBackend,
} from './__testUtils__/startGithubTestBackend';

const DRIFT_WORKFLOW = 'tfpilot-drift.yml';
const CHECKOUT = 'component:default/checkout';
const PAYMENTS = 'component:default/payments';
const plan = (name: string) => readFixture(`plans/${name}`);

// A whole backend per test, on a 2-core CI machine running other suites too.
jest.setTimeout(60_000);

/**
 * Issue "Infrastructure that changed behind the platform's back is found
 * every night": the real backend with the GitHub module, a sweep through the
 * scheduled task, drift runs on the GitHub test server, results delivered by
 * signed webhooks with real drift plans.
 */
describe('drift detection through GitHub end to end', () => {
  const databases = createTestDatabases();
  const storage = createMockDirectory();
  let github: GithubTestServer;

  beforeEach(async () => {
    storage.clear();
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
    const scheduler = mockServices.scheduler.mock();
    const {
      post,
      get,
      lastRunId: lastRun,
    } = await startGithubTestBackend({
      github,
      knex: await databases.init('SQLITE_3'),
      storageDir: storage.path,
      features: [scheduler.factory],
    });
    const sweepTask = scheduler.scheduleTask.mock.calls
      .map(([task]) => task as SchedulerServiceTaskInvocationDefinition)
      .find(task => task.id === 'tfpilot-drift-sweep');
    if (!sweepTask) throw new Error('the drift sweep was not scheduled');

    return {
      post,
      sweep: () => sweepTask.fn(new AbortController().signal),
      get: async (id: string): Promise<TfRequest> =>
        (await get(`/requests/${id}`)).body,
      drift: async (query: object) => (await get('/drift', query)).body.items,
      /** A request planned and applied through GitHub. */
      applied: async (environment: string, entityRef = CHECKOUT) => {
        const created = await post('/requests', {
          module: { name: 'object-bucket', version: '1.0.0' },
          environment,
          inputs: { name: `drift-${environment}` },
          entityRef,
        });
        const id: string = created.body.id;
        await post(`/requests/${id}/plan`);
        await github.completeRun(lastRun(), {
          conclusion: 'success',
          artifacts: {
            'tfpilot-plan': {
              'plan.json': plan('tf-plan-format__create.json'),
            },
          },
        });
        await post(`/requests/${id}/approve`);
        await post(`/requests/${id}/apply`);
        await github.completeRun(lastRun(), { conclusion: 'success' });
        return id;
      },
    };
  }

  const driftRuns = () =>
    github.runs().filter(run => run.workflow === DRIFT_WORKFLOW);

  it('checks every applied request in one drift run per environment and records each result', async () => {
    const api = await startBackend();
    const dev = [await api.applied('dev'), await api.applied('dev')];
    const stage = [await api.applied('stage'), await api.applied('stage')];
    expect(driftRuns()).toEqual([]);

    await api.sweep();

    const runs = driftRuns();
    expect(runs).toHaveLength(2);
    const byEnvironment = new Map(
      runs.map(run => [run.inputs.environment, run]),
    );
    const devRun = byEnvironment.get('dev');
    const stageRun = byEnvironment.get('stage');
    expect(devRun?.inputs.request_ids).toBe(dev.join(' '));
    expect(stageRun?.inputs.request_ids).toBe(stage.join(' '));
    expect(devRun?.display_title).toMatch(/^tfpilot drift dev [a-z0-9]+$/);
    expect(devRun?.head_branch).toBe('main');
    for (const id of dev) {
      expect((await api.get(id)).event).toMatchObject({
        type: 'drift_check_requested',
        runId: `gh-${devRun?.id}`,
      });
    }

    // A second sweep while the runs are under way dispatches nothing.
    await api.sweep();
    expect(driftRuns()).toHaveLength(2);

    github.resetCalls();
    const devDeliveries = await github.completeRun(devRun?.id ?? 0, {
      conclusion: 'success',
      artifacts: {
        'tfpilot-drift': {
          'drift/results.json': JSON.stringify({
            [dev[0]]: { exitCode: 2 },
            [dev[1]]: { exitCode: 0 },
          }),
          [`drift/${dev[0]}.json`]: plan('terraform__show-json__drift.json'),
          [`drift/${dev[1]}.json`]: plan('tfjson__no_changes.json'),
        },
      },
    });
    // workflow_job deliveries (one per job of the workflow), then workflow_run.
    expect(devDeliveries.length).toBeGreaterThanOrEqual(2);
    expect(devDeliveries.filter(d => d.status !== 202)).toEqual([]);
    // One drift run ends failed as a whole when a check fails: the others'
    // results are still in its artifact.
    await github.completeRun(stageRun?.id ?? 0, {
      conclusion: 'failure',
      artifacts: {
        'tfpilot-drift': {
          'drift/results.json': JSON.stringify({
            [stage[0]]: { exitCode: 2 },
            [stage[1]]: { exitCode: 1 },
          }),
          [`drift/${stage[0]}.json`]: plan(
            'terraform__equivalence__drift_refresh_only.json',
          ),
        },
      },
    });

    const drifted = await api.get(dev[0]);
    expect(drifted.drift).toEqual({
      state: 'drifted',
      lastCheckedAt: expect.any(String),
      runId: `gh-${devRun?.id}`,
      resources: [
        {
          address: 'test_instance.should_refresh',
          actions: ['update'],
          attributes: ['ami'],
        },
        { address: 'test_instance.no_refresh', actions: ['update'] },
      ],
      omittedResources: 0,
    });
    expect(drifted.event).toMatchObject({
      type: 'drift_checked',
      actor: 'executor:github',
      details: {
        state: 'drifted',
        previousState: 'unknown',
        driftedResources: 2,
      },
    });
    expect((await api.get(dev[1])).drift?.state).toBe('in_sync');
    expect((await api.get(stage[0])).drift).toMatchObject({
      state: 'drifted',
      resources: [
        {
          address: 'tfcoremock_simple_resource.drift',
          actions: ['update'],
          attributes: ['string'],
        },
      ],
    });
    const failed = await api.get(stage[1]);
    expect(failed.drift?.state).toBe('check_failed');
    expect(failed.event.details.message).toContain('exit code 1');
    // Results touch neither the pull requests nor their comments.
    expect(github.calls.filter(c => c.operation.startsWith('issues/'))).toEqual(
      [],
    );

    const items = await api.drift({ state: 'drifted' });
    expect(items.map((i: { requestId: string }) => i.requestId).sort()).toEqual(
      [dev[0], stage[0]].sort(),
    );
  });

  it('checks one entity now, and records a drift run that failed as a whole as check_failed', async () => {
    const api = await startBackend();
    const payments = await api.applied('dev', PAYMENTS);
    const checkout = await api.applied('dev', CHECKOUT);

    const res = await api.post('/drift/check', { entityRef: PAYMENTS });

    expect(res.status).toBe(202);
    const [run] = driftRuns();
    expect(driftRuns()).toHaveLength(1);
    expect(run.inputs.request_ids).toBe(payments);
    expect(res.body).toEqual({
      requests: 1,
      runs: [
        {
          runId: `gh-${run.id}`,
          url: `https://github.com/${E2E_OWNER}/${E2E_REPO}/actions/runs/${run.id}`,
        },
      ],
    });
    expect((await api.get(payments)).event).toMatchObject({
      type: 'drift_check_requested',
      actor: 'user:default/jane',
    });

    // No artifact at all: the workflow died before writing results.
    await github.completeRun(run.id, { conclusion: 'failure' });

    const failed = await api.get(payments);
    expect(failed.drift).toMatchObject({
      state: 'check_failed',
      runId: `gh-${run.id}`,
      resources: [],
    });
    expect(failed.event.details).toMatchObject({
      state: 'check_failed',
      previousState: 'unknown',
      driftedResources: 0,
    });
    expect((await api.get(checkout)).drift).toBeUndefined();
    expect(await api.drift({ entityRef: PAYMENTS })).toEqual([
      expect.objectContaining({
        requestId: payments,
        state: 'check_failed',
        runUrl: `https://github.com/${E2E_OWNER}/${E2E_REPO}/actions/runs/${run.id}`,
      }),
    ]);
  });
});
