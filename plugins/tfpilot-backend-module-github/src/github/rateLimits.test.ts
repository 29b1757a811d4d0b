import { retryAfterSeconds, shouldRetryRateLimit } from './rateLimits';

const answer = (headers: Record<string, string>) => ({
  status: 429,
  response: { headers },
});

describe('retryAfterSeconds', () => {
  const now = Date.parse('2026-11-20T10:00:00Z');

  it('honours retry-after', () => {
    expect(retryAfterSeconds(answer({ 'retry-after': '7' }), now)).toBe(7);
  });

  it('waits for the reset when the quota is spent', () => {
    expect(
      retryAfterSeconds(
        answer({
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(now / 1000 + 30),
        }),
        now,
      ),
    ).toBe(31);
  });

  it('waits a minute when GitHub says nothing', () => {
    expect(retryAfterSeconds(answer({}), now)).toBe(60);
    expect(retryAfterSeconds(new Error('no response'), now)).toBe(60);
  });
});

describe('shouldRetryRateLimit', () => {
  const policy = { maxRetries: 2, maxWaitSeconds: 60, baseMs: 1000 };

  it('retries a bounded number of times, and only short waits', () => {
    expect(shouldRetryRateLimit(policy, 5, 0)).toBe(true);
    expect(shouldRetryRateLimit(policy, 5, 1)).toBe(true);
    expect(shouldRetryRateLimit(policy, 5, 2)).toBe(false);
    expect(shouldRetryRateLimit(policy, 3600, 0)).toBe(false);
  });
});
