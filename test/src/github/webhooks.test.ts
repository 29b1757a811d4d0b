import { createHmac, timingSafeEqual } from 'node:crypto';
import { expectNoSchemaViolations } from './assertions';
import { webhookFixture } from './fixtures';
import { GithubTestServer } from './GithubTestServer';
import {
  at,
  githubClient,
  OWNER,
  REPO,
  REPO_PATH,
  startReceiver,
} from './testUtils';

const SECRET = 'It is a secret to everybody';

/** What a receiver does: HMAC-SHA256 of the raw body with the shared secret. */
function verifies(body: string, header: string | string[] | undefined) {
  if (typeof header !== 'string') return false;
  const expected = `sha256=${createHmac('sha256', SECRET)
    .update(body)
    .digest('hex')}`;
  return (
    header.length === expected.length &&
    timingSafeEqual(Buffer.from(header), Buffer.from(expected))
  );
}

function keysOf(value: unknown): string[] {
  return Object.keys(value as object).sort();
}

describe('GithubTestServer: webhook deliveries', () => {
  let server: GithubTestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  async function dispatchRun(): Promise<number> {
    const res = await githubClient(server)(
      'POST',
      `${REPO_PATH}/actions/workflows/tfpilot-plan.yml/dispatches`,
      { ref: 'main', inputs: { request_id: 'r-1' }, return_run_details: true },
    );
    return Number(at(res.body, 'workflow_run_id'));
  }

  beforeEach(async () => {
    receiver = await startReceiver(202);
    server = await GithubTestServer.start({
      owner: OWNER,
      repo: REPO,
      webhookSecret: SECRET,
      webhookUrl: receiver.url,
      workflowsDir: '/nonexistent',
    });
  });

  afterEach(async () => {
    expectNoSchemaViolations(server);
    await server.stop();
    await receiver.stop();
  });

  it('sends the run lifecycle as signed workflow_job and workflow_run deliveries', async () => {
    const runId = await dispatchRun();
    const started = await server.startRun(runId);
    expect(started.map(d => `${d.event}.${d.action}`)).toEqual([
      'workflow_job.queued',
      'workflow_run.in_progress',
      'workflow_job.in_progress',
    ]);
    const completed = await server.completeRun(runId, {
      conclusion: 'success',
      artifacts: { plan: { 'plan.json': '{}' } },
    });
    expect(completed.map(d => `${d.event}.${d.action}`)).toEqual([
      'workflow_job.completed',
      'workflow_run.completed',
    ]);
    expect(completed.every(d => d.status === 202)).toBe(true);
    expect(completed[1].responseBody).toBe('received 5');
    expect(server.deliveries).toHaveLength(5);

    const last = receiver.received[4];
    expect(verifies(last.body, last.headers['x-hub-signature-256'])).toBe(true);
    expect(last.headers['x-hub-signature']).toBe(
      `sha1=${createHmac('sha1', SECRET).update(last.body).digest('hex')}`,
    );
    expect(last.headers).toMatchObject({
      'content-type': 'application/json',
      'x-github-event': 'workflow_run',
      'x-github-delivery': completed[1].id,
      'x-github-hook-id': expect.stringMatching(/^\d+$/),
      'x-github-hook-installation-target-type': 'repository',
      'user-agent': expect.stringMatching(/^GitHub-Hookshot\/[0-9a-f]{7}$/),
    });
    expect(last.headers['x-github-delivery']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(JSON.parse(last.body)).toMatchObject({
      action: 'completed',
      repository: {
        full_name: `${OWNER}/${REPO}`,
        name: REPO,
        owner: { login: OWNER },
      },
      workflow_run: {
        id: runId,
        name: 'tfpilot-plan',
        path: '.github/workflows/tfpilot-plan.yml',
        head_branch: 'main',
        head_sha: server.branch('main')!.sha,
        event: 'workflow_dispatch',
        status: 'completed',
        conclusion: 'success',
        display_title: 'tfpilot-plan',
        html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${runId}`,
      },
    });
    expect(server.runs()[0]).toMatchObject({
      status: 'completed',
      conclusion: 'success',
    });
  });

  it('keeps the keys of the real payloads it copies', async () => {
    const runId = await dispatchRun();
    await server.startRun(runId);
    await server.completeRun(runId, { conclusion: 'failure' });
    const sent = server.deliveries;
    const pairs: Array<[number, string, string]> = [
      [0, 'workflow_job.queued', 'workflow_job'],
      [1, 'workflow_run.in_progress', 'workflow_run'],
      [2, 'workflow_job.in_progress', 'workflow_job'],
      [3, 'workflow_job.completed.failure', 'workflow_job'],
      [4, 'workflow_run.completed.failure.workflow_dispatch', 'workflow_run'],
    ];
    for (const [index, fixtureName, inner] of pairs) {
      const fixture = webhookFixture(fixtureName);
      const { payload } = sent[index];
      expect(keysOf(payload)).toEqual(keysOf(fixture));
      expect(keysOf(payload[inner])).toEqual(keysOf(fixture[inner]));
      expect(keysOf(payload.repository)).toEqual(keysOf(fixture.repository));
      expect(JSON.stringify(payload.repository)).not.toMatch(
        /octo|Codertocat|api\.github\.com/,
      );
    }
    expect(sent[4].payload).toMatchObject({
      workflow_run: { conclusion: 'failure', status: 'completed' },
    });
  });

  it('uses the success fixture with its pull requests for a successful run', async () => {
    const runId = await dispatchRun();
    await server.completeRun(runId, { conclusion: 'success' });
    const run = server.deliveries.at(-1)!;
    const fixture = webhookFixture(
      'workflow_run.completed.success.with-pull-requests',
    );
    expect(keysOf(run.payload)).toEqual(keysOf(fixture));
    expect(keysOf(run.payload.workflow_run)).toEqual(
      keysOf(fixture.workflow_run),
    );
  });

  it('shows the run as it was at the stage a late delivery reports', async () => {
    const runId = await dispatchRun();
    await expect(server.deliverRunEvent(runId, 'completed')).rejects.toThrow(
      /has not completed/,
    );
    await server.completeRun(runId, { conclusion: 'cancelled' });
    const late = await server.deliverRunEvent(runId, 'in_progress');
    const requested = await server.deliverRunEvent(runId, 'requested');
    expect(late.payload).toMatchObject({
      action: 'in_progress',
      workflow_run: { status: 'in_progress', conclusion: null },
    });
    expect(requested.payload).toMatchObject({
      action: 'requested',
      workflow_run: { status: 'queued', conclusion: null },
    });
    const fixture = webhookFixture('workflow_run.requested');
    expect(keysOf(requested.payload)).toEqual(keysOf(fixture));
    expect(server.runs()[0]).toMatchObject({
      status: 'completed',
      conclusion: 'cancelled',
    });
  });

  it('sends forged or missing signatures when asked', async () => {
    const forged = await server.deliver(
      'ping',
      { zen: 'Keep it logically awesome.' },
      { signature: 'forged' },
    );
    const missing = await server.deliver(
      'ping',
      { zen: 'x' },
      { signature: 'missing' },
    );
    const [first, second] = receiver.received;
    expect(forged.event).toBe('ping');
    expect(first.headers['x-hub-signature-256']).toMatch(
      /^sha256=[0-9a-f]{64}$/,
    );
    expect(verifies(first.body, first.headers['x-hub-signature-256'])).toBe(
      false,
    );
    expect(second.headers['x-hub-signature-256']).toBeUndefined();
    expect(second.headers['x-hub-signature']).toBeUndefined();
    expect(missing.headers['x-hub-signature-256']).toBeUndefined();
  });

  it('redelivers with the same id, body and signature', async () => {
    const original = await server.deliver(
      'workflow_dispatch',
      webhookFixture('workflow_dispatch'),
      { deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958' },
    );
    const again = await server.redeliver(original.id);
    expect(again).toMatchObject({
      id: original.id,
      body: original.body,
      redelivery: true,
    });
    const [first, second] = receiver.received;
    expect(second.body).toBe(first.body);
    expect(second.headers['x-github-delivery']).toBe(
      '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    );
    expect(second.headers['x-hub-signature-256']).toBe(
      first.headers['x-hub-signature-256'],
    );
    await expect(server.redeliver('nope')).rejects.toThrow(/no delivery nope/);
  });

  it('records the receiver status, including an unreachable receiver', async () => {
    await receiver.stop();
    const delivery = await server.deliver('ping', { zen: 'x' });
    expect(delivery.status).toBe(0);
    expect(delivery.responseBody).toMatch(/fetch failed/);
  });

  it('refuses to deliver without a webhook URL unless told not to', async () => {
    const quiet = await GithubTestServer.start({
      owner: OWNER,
      repo: REPO,
      webhookSecret: SECRET,
      workflowsDir: '/nonexistent',
    });
    try {
      const res = await githubClient(quiet)(
        'POST',
        `${REPO_PATH}/actions/workflows/tfpilot-plan.yml/dispatches`,
        { ref: 'main', return_run_details: true },
      );
      const runId = Number(at(res.body, 'workflow_run_id'));
      await expect(quiet.startRun(runId)).rejects.toThrow(/No webhook URL/);
      expect(await quiet.startRun(runId, { deliver: false })).toEqual([]);
      expect(
        await quiet.completeRun(runId, {
          conclusion: 'success',
          deliver: false,
        }),
      ).toEqual([]);
      quiet.setWebhookUrl(receiver.url);
      await quiet.deliverRunEvent(runId, 'completed');
      expect(receiver.received).toHaveLength(1);
      expectNoSchemaViolations(quiet);
    } finally {
      await quiet.stop();
    }
  });
});
