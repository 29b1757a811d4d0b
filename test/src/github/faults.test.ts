import { expectNoSchemaViolations } from './assertions';
import { GithubTestServer } from './GithubTestServer';
import { githubClient, OWNER, REPO, REPO_PATH } from './testUtils';

describe('GithubTestServer: injected faults', () => {
  let server: GithubTestServer;
  let api: ReturnType<typeof githubClient>;

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

  it.each([500, 502, 503] as const)(
    'answers %i for the next matching call, then serves normally',
    async status => {
      server.failNext({ operation: 'git/get-ref', status });
      const other = await api('GET', REPO_PATH);
      expect(other.status).toBe(200);
      const failed = await api('GET', `${REPO_PATH}/git/ref/heads/main`);
      expect(failed.status).toBe(status);
      expect(failed.body).toMatchObject({
        message: expect.any(String),
        status: String(status),
      });
      expect(failed.headers.get('x-github-request-id')).toBeTruthy();
      const retried = await api('GET', `${REPO_PATH}/git/ref/heads/main`);
      expect(retried.status).toBe(200);
      expect(server.calls.map(c => `${c.operation} ${c.status}`)).toEqual([
        'repos/get 200',
        `git/get-ref ${status}`,
        'git/get-ref 200',
      ]);
    },
  );

  it('answers 429 with the secondary rate limit headers', async () => {
    server.failNext({ status: 429, retryAfterSeconds: 7 });
    const before = Math.floor(Date.now() / 1000);
    const limited = await api('GET', REPO_PATH);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      message: expect.stringMatching(/secondary rate limit/),
      documentation_url: expect.stringMatching(/rate-limits/),
    });
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(before + 7);
    expect(reset).toBeLessThanOrEqual(before + 8);
    expect((await api('GET', REPO_PATH)).status).toBe(200);
  });

  it('answers 403 with the primary rate limit message and headers', async () => {
    server.failNext({ operation: /^pulls\//, status: 403, count: 2 });
    const first = await api('GET', `${REPO_PATH}/pulls`);
    const second = await api('GET', `${REPO_PATH}/pulls?state=all`);
    const third = await api('GET', `${REPO_PATH}/pulls`);
    expect([first.status, second.status, third.status]).toEqual([
      403, 403, 200,
    ]);
    expect(first.body).toMatchObject({
      message: expect.stringMatching(
        /^API rate limit exceeded for user ID \d+\./,
      ),
    });
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(first.headers.get('retry-after')).toBe('1');
    expect(third.headers.get('x-ratelimit-remaining')).not.toBe('0');
  });

  it('counts calls for benchmarks and can reset them', async () => {
    await api('GET', REPO_PATH);
    await api('GET', `${REPO_PATH}/pulls`);
    expect(server.calls).toHaveLength(2);
    server.resetCalls();
    expect(server.calls).toEqual([]);
    server.failNext({ status: 500 });
    server.clearFaults();
    expect((await api('GET', REPO_PATH)).status).toBe(200);
  });
});
