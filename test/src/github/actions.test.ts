import { strFromU8, unzipSync } from 'fflate';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoSchemaViolations } from './assertions';
import { restFixture } from './fixtures';
import { GithubTestServer } from './GithubTestServer';
import { defaultWorkflowsDir, repositoryRoot } from './locations';
import { at, githubClient, OWNER, REPO, REPO_PATH } from './testUtils';

const PLAN_WORKFLOW = `
name: TfPilot plan
run-name: "plan \${{ inputs.request_id }} (\${{ inputs.environment }}) by \${{ github.actor }}"
on:
  workflow_dispatch:
    inputs:
      request_id:
        description: The request
        required: true
        type: string
      environment:
        required: true
        type: choice
        options: [dev, prod]
      dry_run:
        type: boolean
        default: false
  workflow_call:
    inputs:
      request_id:
        type: string
        required: true
jobs:
  plan:
    name: Plan
    runs-on: ubuntu-latest
    steps:
      - run: tofu plan
`;

const REUSABLE_ONLY = `
name: Reusable only
on:
  workflow_call: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: "true"
`;

const UNTITLED = `
on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps: [{ run: "true" }]
`;

const DISPATCH = `${REPO_PATH}/actions/workflows/tfpilot-plan.yml/dispatches`;
const GOOD_INPUTS = { request_id: 'r-1', environment: 'dev' };

describe('GithubTestServer: the repository workflows', () => {
  it('finds them beside the test package, wherever the clone is', () => {
    expect(defaultWorkflowsDir()).toBe(
      join(repositoryRoot(), '.github', 'workflows'),
    );
    expect(existsSync(join(repositoryRoot(), 'test', 'package.json'))).toBe(
      true,
    );
  });
});

// The workflows are written alongside this server; read them once present.
const whenPlanWorkflowExists = existsSync(
  join(defaultWorkflowsDir(), 'tfpilot-plan.yml'),
)
  ? describe
  : describe.skip;

whenPlanWorkflowExists('GithubTestServer: tfpilot-plan.yml', () => {
  let server: GithubTestServer;

  beforeEach(async () => {
    server = await GithubTestServer.start({
      owner: OWNER,
      repo: REPO,
      webhookSecret: 's',
    });
  });

  afterEach(async () => {
    expectNoSchemaViolations(server);
    await server.stop();
  });

  it('is dispatched by its declared inputs', async () => {
    const api = githubClient(server);
    const dispatches = `${REPO_PATH}/actions/workflows/tfpilot-plan.yml/dispatches`;
    const unknown = await api('POST', dispatches, {
      ref: 'main',
      inputs: { nope: '1' },
    });
    expect(unknown.status).toBe(422);
    const missing = await api('POST', dispatches, { ref: 'main', inputs: {} });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({
      message: expect.stringMatching(/^Required input/),
    });
  });
});

describe('GithubTestServer: GitHub Actions', () => {
  let dir: string;
  let server: GithubTestServer;
  let api: ReturnType<typeof githubClient>;

  async function dispatch(inputs: object = GOOD_INPUTS, ref = 'main') {
    const res = await api('POST', DISPATCH, {
      ref,
      inputs,
      return_run_details: true,
    });
    expect(res.status).toBe(200);
    return Number(at(res.body, 'workflow_run_id'));
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tfpilot-workflows-'));
    writeFileSync(join(dir, 'tfpilot-plan.yml'), PLAN_WORKFLOW);
    writeFileSync(join(dir, 'reusable.yml'), REUSABLE_ONLY);
    writeFileSync(join(dir, 'untitled.yaml'), UNTITLED);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    server = await GithubTestServer.start({
      owner: OWNER,
      repo: REPO,
      webhookSecret: 'secret',
      workflowsDir: dir,
      workflows: ['tfpilot-apply.yml'],
    });
    api = githubClient(server);
  });

  afterEach(async () => {
    expectNoSchemaViolations(server);
    await server.stop();
  });

  it('lists the workflows of the directory and the declared ones', async () => {
    const res = await api('GET', `${REPO_PATH}/actions/workflows`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total_count: 4,
      workflows: [
        { name: 'Reusable only', path: '.github/workflows/reusable.yml' },
        { name: 'tfpilot-apply', path: '.github/workflows/tfpilot-apply.yml' },
        {
          name: 'TfPilot plan',
          path: '.github/workflows/tfpilot-plan.yml',
          state: 'active',
        },
        { name: '.github/workflows/untitled.yaml' },
      ],
    });
    const id = Number(at(res.body, 'workflows', 2, 'id'));
    const byId = await api('GET', `${REPO_PATH}/actions/workflows/${id}`);
    expect(byId.body).toMatchObject({ name: 'TfPilot plan' });
    const byFile = await api(
      'GET',
      `${REPO_PATH}/actions/workflows/tfpilot-plan.yml`,
    );
    expect(byFile.body).toMatchObject({ id });
  });

  it('dispatches a workflow into a queued run named by its run-name', async () => {
    const res = await api('POST', DISPATCH, {
      ref: 'main',
      inputs: GOOD_INPUTS,
    });
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect(server.runs()).toEqual([
      expect.objectContaining({
        workflow: 'tfpilot-plan.yml',
        name: 'TfPilot plan',
        path: '.github/workflows/tfpilot-plan.yml',
        ref: 'main',
        head_branch: 'main',
        head_sha: server.branch('main')!.sha,
        inputs: GOOD_INPUTS,
        display_title: 'plan r-1 (dev) by tfpilot-bot',
        event: 'workflow_dispatch',
        status: 'queued',
        conclusion: null,
        jobs: [expect.objectContaining({ name: 'Plan', status: 'queued' })],
      }),
    ]);
  });

  it('returns the run details when asked, and the run URL answers', async () => {
    const res = await api('POST', DISPATCH, {
      ref: 'refs/heads/main',
      inputs: GOOD_INPUTS,
      return_run_details: true,
    });
    expect(res.status).toBe(200);
    const id = Number(at(res.body, 'workflow_run_id'));
    expect(res.body).toEqual({
      workflow_run_id: id,
      run_url: `${server.apiBaseUrl}${REPO_PATH}/actions/runs/${id}`,
      html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${id}`,
    });
    const run = await fetch(String(at(res.body, 'run_url')), {
      headers: { authorization: 'token test-token' },
    });
    expect(run.status).toBe(200);
    expect(await run.json()).toMatchObject({
      id,
      status: 'queued',
      head_branch: 'main',
    });
  });

  it.each([
    [
      'an unknown input',
      { ...GOOD_INPUTS, extra: 'x', more: 'y' },
      'Unexpected inputs provided: ["extra", "more"]',
    ],
    [
      'a missing required input',
      { environment: 'dev' },
      "Required input 'request_id' not provided",
    ],
    [
      'a value outside the choices',
      { ...GOOD_INPUTS, environment: 'qa' },
      "Provided value 'qa' for input 'environment' not in the list of allowed values",
    ],
    [
      'a non-boolean for a boolean',
      { ...GOOD_INPUTS, dry_run: 'maybe' },
      "Provided value 'maybe' for input 'dry_run' is not a valid boolean",
    ],
  ])('refuses %s with 422', async (_, inputs, message) => {
    const res = await api('POST', DISPATCH, { ref: 'main', inputs });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ message, status: '422' });
    expect(server.runs()).toEqual([]);
  });

  it('refuses unknown workflows, unknown refs and workflows without the trigger', async () => {
    const workflow = await api(
      'POST',
      `${REPO_PATH}/actions/workflows/nope.yml/dispatches`,
      { ref: 'main' },
    );
    expect(workflow.status).toBe(404);
    const ref = await api('POST', DISPATCH, {
      ref: 'nope',
      inputs: GOOD_INPUTS,
    });
    expect(ref.status).toBe(422);
    expect(ref.body).toMatchObject({ message: 'No ref found for: nope' });
    const reusable = await api(
      'POST',
      `${REPO_PATH}/actions/workflows/reusable.yml/dispatches`,
      { ref: 'main' },
    );
    expect(reusable.status).toBe(422);
    expect(reusable.body).toMatchObject({
      message: "Workflow does not have 'workflow_dispatch' trigger",
    });
  });

  it('validates the dispatch body against GitHub request schema', async () => {
    const noRef = await api('POST', DISPATCH, { inputs: GOOD_INPUTS });
    expect(noRef.status).toBe(422);
    expect(noRef.body).toMatchObject({
      message: 'Invalid request.\n\n"ref" wasn\'t supplied.',
    });
    const badInputs = await api('POST', DISPATCH, { ref: 'main', inputs: 'x' });
    expect(badInputs.status).toBe(422);
    expect(badInputs.body).toMatchObject({
      message:
        'Invalid request.\n\nFor \'properties/inputs\', "x" is not an object.',
    });
  });

  it('accepts any inputs for a declared workflow without YAML', async () => {
    const res = await api(
      'POST',
      `${REPO_PATH}/actions/workflows/tfpilot-apply.yml/dispatches`,
      {
        ref: 'main',
        inputs: { anything: 'goes' },
      },
    );
    expect(res.status).toBe(204);
    expect(server.runs()[0]).toMatchObject({
      display_title: 'tfpilot-apply',
      jobs: [{ name: 'run' }],
    });
  });

  it('falls back to the workflow name as display title', async () => {
    await api(
      'POST',
      `${REPO_PATH}/actions/workflows/untitled.yaml/dispatches`,
      { ref: 'main' },
    );
    expect(server.runs()[0].display_title).toBe(
      '.github/workflows/untitled.yaml',
    );
  });

  it('answers a run keyed like GitHub example, and 404 for unknown runs', async () => {
    const id = await dispatch();
    const res = await api('GET', `${REPO_PATH}/actions/runs/${id}`);
    expect(res.status).toBe(200);
    const fixture = restFixture('actions.get-workflow-run.200');
    expect(Object.keys(res.body as object)).toEqual(
      expect.arrayContaining(Object.keys(fixture)),
    );
    expect(res.body).toMatchObject({
      id,
      name: 'TfPilot plan',
      display_title: 'plan r-1 (dev) by tfpilot-bot',
      event: 'workflow_dispatch',
      path: '.github/workflows/tfpilot-plan.yml',
      status: 'queued',
      conclusion: null,
      repository: { full_name: `${OWNER}/${REPO}` },
      artifacts_url: `${server.apiBaseUrl}${REPO_PATH}/actions/runs/${id}/artifacts`,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/octo|api\.github\.com/);
    const missing = await api('GET', `${REPO_PATH}/actions/runs/1`);
    expect(missing.status).toBe(404);
  });

  it('links the open pull requests of the run branch', async () => {
    await api('POST', `${REPO_PATH}/git/refs`, {
      ref: 'refs/heads/tfpilot/r-1',
      sha: server.branch('main')!.sha,
    });
    server.pushFile('tfpilot/r-1', 'a.tf.json', '{}');
    await api('POST', `${REPO_PATH}/pulls`, {
      title: 't',
      head: 'tfpilot/r-1',
      base: 'main',
    });
    const id = await dispatch(GOOD_INPUTS, 'tfpilot/r-1');
    const res = await api('GET', `${REPO_PATH}/actions/runs/${id}`);
    expect(res.body).toMatchObject({
      pull_requests: [
        { number: 1, head: { ref: 'tfpilot/r-1' }, base: { ref: 'main' } },
      ],
    });
  });

  it('lists runs with GitHub filters and pagination', async () => {
    const first = await dispatch();
    await api('POST', `${REPO_PATH}/git/refs`, {
      ref: 'refs/heads/other',
      sha: server.branch('main')!.sha,
    });
    const second = await dispatch(GOOD_INPUTS, 'other');
    await server.completeRun(first, { conclusion: 'success', deliver: false });

    const ids = (res: { body: unknown }) =>
      ((at(res.body, 'workflow_runs') as Array<{ id: number }>) ?? []).map(
        r => r.id,
      );
    const all = await api('GET', `${REPO_PATH}/actions/runs`);
    expect(all.body).toMatchObject({ total_count: 2 });
    expect(ids(all)).toEqual([second, first]);
    expect(
      ids(await api('GET', `${REPO_PATH}/actions/runs?branch=other`)),
    ).toEqual([second]);
    expect(
      ids(await api('GET', `${REPO_PATH}/actions/runs?status=success`)),
    ).toEqual([first]);
    expect(
      ids(await api('GET', `${REPO_PATH}/actions/runs?status=queued`)),
    ).toEqual([second]);
    expect(
      ids(await api('GET', `${REPO_PATH}/actions/runs?event=push`)),
    ).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const since = encodeURIComponent(`>=${today}`);
    expect(
      ids(await api('GET', `${REPO_PATH}/actions/runs?created=${since}`)),
    ).toHaveLength(2);
    expect(
      ids(
        await api(
          'GET',
          `${REPO_PATH}/actions/runs?created=${encodeURIComponent(
            '<2020-01-01',
          )}`,
        ),
      ),
    ).toEqual([]);

    const page = await api(
      'GET',
      `${REPO_PATH}/actions/workflows/tfpilot-plan.yml/runs?per_page=1&page=2`,
    );
    expect(ids(page)).toEqual([first]);
    expect(page.body).toMatchObject({ total_count: 2 });
    expect(page.headers.get('link')).toContain('rel="prev"');
  });

  it('lists the jobs of a run', async () => {
    const id = await dispatch();
    const queued = await api('GET', `${REPO_PATH}/actions/runs/${id}/jobs`);
    expect(queued.body).toMatchObject({
      total_count: 1,
      jobs: [
        {
          run_id: id,
          name: 'Plan',
          status: 'queued',
          conclusion: null,
          steps: [],
        },
      ],
    });
    await server.completeRun(id, { conclusion: 'failure', deliver: false });
    const done = await api('GET', `${REPO_PATH}/actions/runs/${id}/jobs`);
    expect(done.body).toMatchObject({
      jobs: [
        {
          status: 'completed',
          conclusion: 'failure',
          workflow_name: 'TfPilot plan',
        },
      ],
    });
  });

  it('serves artifacts as zips through a redirect, and 410 once expired', async () => {
    const id = await dispatch();
    const plan = JSON.stringify({ format_version: '1.2' });
    await server.completeRun(id, {
      conclusion: 'success',
      deliver: false,
      artifacts: {
        plan: { 'plan.json': plan, 'infracost.json': Buffer.from('{}') },
      },
    });
    const list = await api('GET', `${REPO_PATH}/actions/runs/${id}/artifacts`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      total_count: 1,
      artifacts: [
        {
          name: 'plan',
          expired: false,
          workflow_run: { id, head_branch: 'main' },
        },
      ],
    });
    const artifactId = Number(at(list.body, 'artifacts', 0, 'id'));
    const byName = await api(
      'GET',
      `${REPO_PATH}/actions/runs/${id}/artifacts?name=other`,
    );
    expect(byName.body).toMatchObject({ total_count: 0, artifacts: [] });

    const download = String(
      at(list.body, 'artifacts', 0, 'archive_download_url'),
    );
    expect(download).toBe(
      `${server.apiBaseUrl}${REPO_PATH}/actions/artifacts/${artifactId}/zip`,
    );
    const redirect = await api('GET', new URL(download).pathname);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    const blob = await fetch(location);
    expect(blob.headers.get('content-type')).toBe('application/zip');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(bytes.length).toBe(at(list.body, 'artifacts', 0, 'size_in_bytes'));
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['infracost.json', 'plan.json']);
    expect(strFromU8(files['plan.json'])).toBe(plan);

    const forged = await fetch(location.replace(/sig=\w+/, 'sig=forged'));
    expect(forged.status).toBe(403);

    const followed = await fetch(download, {
      headers: { authorization: 'token test-token' },
    });
    expect(followed.status).toBe(200);

    server.expireArtifacts(id);
    const expired = await api('GET', new URL(download).pathname);
    expect(expired.status).toBe(410);
    const single = await api(
      'GET',
      `${REPO_PATH}/actions/artifacts/${artifactId}`,
    );
    expect(single.body).toMatchObject({ id: artifactId, expired: true });
  });

  it('accepts a cancel request while the run is active only', async () => {
    const id = await dispatch();
    const cancel = await api('POST', `${REPO_PATH}/actions/runs/${id}/cancel`);
    expect(cancel.status).toBe(202);
    expect(server.runs()[0]).toMatchObject({
      cancel_requested: true,
      status: 'queued',
    });
    await server.completeRun(id, { conclusion: 'cancelled', deliver: false });
    const late = await api('POST', `${REPO_PATH}/actions/runs/${id}/cancel`);
    expect(late.status).toBe(409);
  });
});
