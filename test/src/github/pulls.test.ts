import { expectNoSchemaViolations } from './assertions';
import { GithubTestServer } from './GithubTestServer';
import { at, githubClient, OWNER, REPO, REPO_PATH } from './testUtils';

const BRANCH = 'tfpilot/r-1';
const FILE = 'tfpilot/dev/r-1/main.tf.json';

describe('GithubTestServer: pull requests and comments', () => {
  let server: GithubTestServer;
  let api: ReturnType<typeof githubClient>;

  /** A request branch with one commit, as the executor prepares it. */
  async function prepareBranch(branch = BRANCH) {
    await api('POST', `${REPO_PATH}/git/refs`, {
      ref: `refs/heads/${branch}`,
      sha: server.branch('main')!.sha,
    });
    server.pushFile(branch, FILE, '{"module":{}}');
  }

  async function openPull(head = `${OWNER}:${BRANCH}`) {
    return api('POST', `${REPO_PATH}/pulls`, {
      title: 'tfpilot: r-1',
      head,
      base: 'main',
      body: 'Request r-1',
    });
  }

  beforeEach(async () => {
    server = await GithubTestServer.start({
      owner: OWNER,
      repo: REPO,
      webhookSecret: 'secret',
      workflows: [],
    });
    api = githubClient(server);
  });

  afterEach(async () => {
    expectNoSchemaViolations(server);
    await server.stop();
  });

  it('opens a pull request and refuses a second one for the same head', async () => {
    await prepareBranch();
    const created = await openPull();
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      number: 1,
      state: 'open',
      title: 'tfpilot: r-1',
      body: 'Request r-1',
      head: {
        ref: BRANCH,
        label: `${OWNER}:${BRANCH}`,
        sha: server.branch(BRANCH)!.sha,
      },
      base: { ref: 'main' },
      merged: false,
      mergeable: true,
      changed_files: 1,
      commits: 1,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/1`,
    });
    expect(created.headers.get('location')).toBe(
      `${server.apiBaseUrl}${REPO_PATH}/pulls/1`,
    );
    expect(server.pulls()).toEqual([
      expect.objectContaining({
        number: 1,
        head: BRANCH,
        base: 'main',
        state: 'open',
      }),
    ]);

    const again = await openPull(BRANCH);
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${OWNER}:${BRANCH}.`,
        },
      ],
      status: '422',
    });
  });

  it('refuses pull requests without a head or without commits', async () => {
    const noHead = await openPull();
    expect(noHead.status).toBe(422);
    expect(noHead.body).toMatchObject({
      errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
    });
    await api('POST', `${REPO_PATH}/git/refs`, {
      ref: 'refs/heads/empty',
      sha: server.branch('main')!.sha,
    });
    const empty = await openPull('empty');
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({
      errors: [{ message: 'No commits between main and empty' }],
    });
  });

  it('lists pull requests by head and state, with pagination', async () => {
    await prepareBranch();
    await openPull();
    await prepareBranch('tfpilot/r-2');
    await openPull(`${OWNER}:tfpilot/r-2`);

    const byHead = await api(
      'GET',
      `${REPO_PATH}/pulls?head=${OWNER}:${BRANCH}&state=open`,
    );
    expect(byHead.status).toBe(200);
    expect(byHead.body).toEqual([expect.objectContaining({ number: 1 })]);

    const closed = await api('GET', `${REPO_PATH}/pulls?state=closed`);
    expect(closed.body).toEqual([]);

    const firstPage = await api('GET', `${REPO_PATH}/pulls?per_page=1`);
    expect(firstPage.body).toEqual([expect.objectContaining({ number: 2 })]);
    expect(firstPage.headers.get('link')).toBe(
      `<${server.apiBaseUrl}${REPO_PATH}/pulls?per_page=1&page=2>; rel="next", ` +
        `<${server.apiBaseUrl}${REPO_PATH}/pulls?per_page=1&page=2>; rel="last"`,
    );
  });

  it('gets, updates and closes a pull request', async () => {
    await prepareBranch();
    await openPull();
    const got = await api('GET', `${REPO_PATH}/pulls/1`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ number: 1, mergeable_state: 'clean' });

    const closed = await api('PATCH', `${REPO_PATH}/pulls/1`, {
      state: 'closed',
      title: 'renamed',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      state: 'closed',
      title: 'renamed',
      merged: false,
      closed_at: expect.any(String),
    });
    expect(server.pulls()[0]).toMatchObject({ state: 'closed', merged: false });

    const missing = await api('GET', `${REPO_PATH}/pulls/9`);
    expect(missing.status).toBe(404);
  });

  it('merges a pull request into the base branch', async () => {
    await prepareBranch();
    await openPull();
    const stale = await api('PUT', `${REPO_PATH}/pulls/1/merge`, {
      sha: 'b'.repeat(40),
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      message: 'Head branch was modified. Review and try the merge again.',
    });

    const merged = await api('PUT', `${REPO_PATH}/pulls/1/merge`, {
      merge_method: 'merge',
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({
      sha: server.branch('main')!.sha,
      merged: true,
      message: 'Pull Request successfully merged',
    });
    expect(server.file('main', FILE)).toBe('{"module":{}}');
    expect(server.pulls()[0]).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: server.branch('main')!.sha,
    });

    const twice = await api('PUT', `${REPO_PATH}/pulls/1/merge`, {});
    expect(twice.status).toBe(405);
    expect(twice.body).toMatchObject({
      message: 'Pull Request is not mergeable',
    });
  });

  it('refuses to merge a conflicting pull request', async () => {
    await prepareBranch();
    await openPull();
    server.setMergeable(1, false);
    const res = await api('PUT', `${REPO_PATH}/pulls/1/merge`, {});
    expect(res.status).toBe(405);
    const got = await api('GET', `${REPO_PATH}/pulls/1`);
    expect(got.body).toMatchObject({
      mergeable: false,
      mergeable_state: 'dirty',
    });
  });

  it('closes the pull request when its head branch is deleted', async () => {
    await prepareBranch();
    await openPull();
    await api('DELETE', `${REPO_PATH}/git/refs/heads/${BRANCH}`);
    expect(server.pulls()[0]).toMatchObject({ state: 'closed', merged: false });
  });

  it('adds, lists and edits comments, within the 65536 character limit', async () => {
    await prepareBranch();
    await openPull();
    const created = await api('POST', `${REPO_PATH}/issues/1/comments`, {
      body: 'Plan: 1 to add',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      body: 'Plan: 1 to add',
      user: { login: 'tfpilot-bot' },
      issue_url: `${server.apiBaseUrl}${REPO_PATH}/issues/1`,
    });
    const id = Number(at(created.body, 'id'));

    const list = await api('GET', `${REPO_PATH}/issues/1/comments`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({ id, body: 'Plan: 1 to add' }),
    ]);

    const longest = 'x'.repeat(65536);
    const edited = await api('PATCH', `${REPO_PATH}/issues/comments/${id}`, {
      body: longest,
    });
    expect(edited.status).toBe(200);
    expect(server.comments(1)).toEqual([{ id, body: longest }]);

    const tooLong = await api('PATCH', `${REPO_PATH}/issues/comments/${id}`, {
      body: `${longest}x`,
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({
      message: 'Validation Failed',
      errors: [
        expect.objectContaining({
          resource: 'IssueComment',
          message: 'Body is too long (maximum is 65536 characters)',
        }),
      ],
    });
    const tooLongNew = await api('POST', `${REPO_PATH}/issues/1/comments`, {
      body: `${longest}x`,
    });
    expect(tooLongNew.status).toBe(422);

    const noComment = await api('PATCH', `${REPO_PATH}/issues/comments/1`, {
      body: 'x',
    });
    expect(noComment.status).toBe(404);
    const noIssue = await api('POST', `${REPO_PATH}/issues/7/comments`, {
      body: 'x',
    });
    expect(noIssue.status).toBe(404);
  });
});
