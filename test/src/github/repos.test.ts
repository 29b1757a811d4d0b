import { expectNoSchemaViolations } from './assertions';
import { GithubTestServer } from './GithubTestServer';
import { at, githubClient, OWNER, REPO, REPO_PATH } from './testUtils';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('GithubTestServer: repositories, refs and contents', () => {
  let server: GithubTestServer;
  let api: ReturnType<typeof githubClient>;

  beforeEach(async () => {
    server = await GithubTestServer.start({
      owner: OWNER,
      repo: REPO,
      webhookSecret: 'secret',
      workflows: [],
      files: { 'README.md': '# infra\n' },
    });
    api = githubClient(server);
  });

  afterEach(async () => {
    expectNoSchemaViolations(server);
    await server.stop();
  });

  it('answers repos/get with the repository and GitHub headers', async () => {
    const res = await api('GET', REPO_PATH);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: REPO,
      full_name: `${OWNER}/${REPO}`,
      default_branch: 'main',
      owner: { login: OWNER, type: 'Organization' },
      url: `${server.apiBaseUrl}${REPO_PATH}`,
    });
    expect(res.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(res.headers.get('x-ratelimit-used')).toBe('1');
    expect(res.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(
      Date.now() / 1000,
    );
    expect(res.headers.get('x-github-request-id')).toMatch(
      /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{6}:[0-9A-F]{6}:[0-9A-F]{8}$/,
    );
    expect(server.calls).toEqual([
      {
        method: 'GET',
        path: REPO_PATH,
        query: '',
        operation: 'repos/get',
        status: 200,
      },
    ]);
  });

  it('leaks no address of the examples it is shaped from', async () => {
    const res = await api('GET', REPO_PATH);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/octo|api\.github\.com|Hello-World/i);
  });

  it('refuses calls without a valid token, like GitHub', async () => {
    const missing = await githubClient(server, '')('GET', REPO_PATH);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      message: 'Requires authentication',
      documentation_url:
        'https://docs.github.com/rest/repos/repos#get-a-repository',
      status: '401',
    });
    const wrong = await githubClient(server, 'nope')('GET', REPO_PATH);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ message: 'Bad credentials' });
    const bearer = await api('GET', REPO_PATH, undefined, {
      authorization: 'Bearer test-token',
    });
    expect(bearer.status).toBe(200);
  });

  it('answers 404 for other repositories and unknown paths', async () => {
    const other = await api('GET', `/repos/${OWNER}/elsewhere`);
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ message: 'Not Found', status: '404' });
    const unknown = await api('GET', '/nothing/here');
    expect(unknown.status).toBe(404);
    expect(server.calls.at(-1)?.operation).toBe('unknown');
  });

  it('reads, creates and deletes branch refs', async () => {
    const main = server.branch('main')!.sha;
    const got = await api('GET', `${REPO_PATH}/git/ref/heads/main`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      ref: 'refs/heads/main',
      node_id: expect.any(String),
      url: `${server.apiBaseUrl}${REPO_PATH}/git/refs/heads/main`,
      object: {
        sha: main,
        type: 'commit',
        url: `${server.apiBaseUrl}${REPO_PATH}/git/commits/${main}`,
      },
    });

    const created = await api('POST', `${REPO_PATH}/git/refs`, {
      ref: 'refs/heads/tfpilot/r-1',
      sha: main,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ref: 'refs/heads/tfpilot/r-1' });
    expect(created.headers.get('location')).toBe(
      `${server.apiBaseUrl}${REPO_PATH}/git/refs/heads/tfpilot/r-1`,
    );
    expect(server.branch('tfpilot/r-1')).toEqual({ sha: main });

    // Octokit escapes the slashes of {ref}; both spellings resolve.
    const escaped = await api(
      'GET',
      `${REPO_PATH}/git/ref/heads%2Ftfpilot%2Fr-1`,
    );
    expect(escaped.status).toBe(200);

    const again = await api('POST', `${REPO_PATH}/git/refs`, {
      ref: 'refs/heads/tfpilot/r-1',
      sha: main,
    });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ message: 'Reference already exists' });

    const deleted = await api(
      'DELETE',
      `${REPO_PATH}/git/refs/heads/tfpilot/r-1`,
    );
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBe('');
    expect(server.branch('tfpilot/r-1')).toBeUndefined();

    const gone = await api('DELETE', `${REPO_PATH}/git/refs/heads/tfpilot/r-1`);
    expect(gone.status).toBe(422);
    expect(gone.body).toMatchObject({ message: 'Reference does not exist' });
    const absent = await api('GET', `${REPO_PATH}/git/ref/heads/tfpilot/r-1`);
    expect(absent.status).toBe(404);
  });

  it('refuses refs to unknown commits and malformed ref bodies', async () => {
    const unknown = await api('POST', `${REPO_PATH}/git/refs`, {
      ref: 'refs/heads/x',
      sha: 'f'.repeat(40),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ message: 'Object does not exist' });
    const malformed = await api('POST', `${REPO_PATH}/git/refs`, {
      ref: 'refs/heads/x',
    });
    expect(malformed.status).toBe(422);
    expect(malformed.body).toMatchObject({
      message: 'Invalid request.\n\n"sha" wasn\'t supplied.',
    });
    const notJson = await fetch(`${server.apiBaseUrl}${REPO_PATH}/git/refs`, {
      method: 'POST',
      headers: { authorization: 'token test-token' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({
      message: 'Problems parsing JSON',
    });
  });

  it('gets file contents as GitHub encodes them', async () => {
    const res = await api('GET', `${REPO_PATH}/contents/README.md?ref=main`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      type: 'file',
      encoding: 'base64',
      name: 'README.md',
      path: 'README.md',
      size: 8,
    });
    const content = String(at(res.body, 'content'));
    expect(Buffer.from(content, 'base64').toString()).toBe('# infra\n');

    const raw = await api('GET', `${REPO_PATH}/contents/README.md`, undefined, {
      accept: 'application/vnd.github.raw',
    });
    expect(raw.body).toBe('# infra\n');

    const missing = await api('GET', `${REPO_PATH}/contents/nope.txt`);
    expect(missing.status).toBe(404);
    const badRef = await api('GET', `${REPO_PATH}/contents/README.md?ref=nope`);
    expect(badRef.status).toBe(404);
    expect(badRef.body).toMatchObject({
      message: 'No commit found for the ref nope',
    });
  });

  it('computes blob shas the way git does', async () => {
    const res = await api('GET', `${REPO_PATH}/contents/README.md`);
    // `printf '# infra\n' | git hash-object --stdin`
    expect(at(res.body, 'sha')).toBe(
      '2fead8d6410b23e9a893a6eb80360040b59a18be',
    );
  });

  it('creates and updates files with optimistic locking', async () => {
    const path = 'tfpilot/dev/r-1/main.tf.json';
    const before = server.branch('main')!.sha;
    const created = await api('PUT', `${REPO_PATH}/contents/${path}`, {
      message: 'tfpilot: request r-1',
      content: b64('{"module":{}}'),
      branch: 'main',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      content: { path, name: 'main.tf.json', type: 'file' },
      commit: { message: 'tfpilot: request r-1', parents: [{ sha: before }] },
    });
    const head = server.branch('main')!.sha;
    expect(head).not.toBe(before);
    expect(at(created.body, 'commit', 'sha')).toBe(head);
    expect(server.file('main', path)).toBe('{"module":{}}');

    const noSha = await api('PUT', `${REPO_PATH}/contents/${path}`, {
      message: 'again',
      content: b64('{}'),
    });
    expect(noSha.status).toBe(422);
    expect(noSha.body).toMatchObject({
      message: 'Invalid request.\n\n"sha" wasn\'t supplied.',
    });

    const stale = await api('PUT', `${REPO_PATH}/contents/${path}`, {
      message: 'again',
      content: b64('{}'),
      sha: 'a'.repeat(40),
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      message: `${path} does not match ${'a'.repeat(40)}`,
    });

    const updated = await api('PUT', `${REPO_PATH}/contents/${path}`, {
      message: 'update',
      content: b64('{"module":{"a":{}}}'),
      sha: at(created.body, 'content', 'sha'),
    });
    expect(updated.status).toBe(200);
    expect(server.file('main', path)).toBe('{"module":{"a":{}}}');

    const noBranch = await api('PUT', `${REPO_PATH}/contents/x.txt`, {
      message: 'x',
      content: b64('x'),
      branch: 'nope',
    });
    expect(noBranch.status).toBe(404);
  });

  it('serves download_url without a token, like raw.githubusercontent.com', async () => {
    const res = await api('GET', `${REPO_PATH}/contents/README.md`);
    const raw = await fetch(String(at(res.body, 'download_url')));
    expect(raw.status).toBe(200);
    expect(await raw.text()).toBe('# infra\n');
  });

  it('lists directories', async () => {
    server.pushFile('main', 'tfpilot/dev/a/main.tf.json', '{}');
    server.pushFile('main', 'tfpilot/prod/b/main.tf.json', '{}');
    const res = await api('GET', `${REPO_PATH}/contents/tfpilot`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        name: 'dev',
        type: 'dir',
        path: 'tfpilot/dev',
      }),
      expect.objectContaining({
        name: 'prod',
        type: 'dir',
        path: 'tfpilot/prod',
      }),
    ]);
  });
});
