import { Octokit } from '@octokit/rest';
import { statusOf } from './errors';

/** How the client waits out GitHub's rate limits. */
export interface RateLimitPolicy {
  /** Retries of one request after a rate limit answer. */
  maxRetries: number;
  /** A limit that asks for a longer wait fails the call instead. */
  maxWaitSeconds: number;
  /** Milliseconds per second of `retry-after`; smaller in tests. */
  baseMs: number;
}

/** Whether to wait `retryAfter` seconds and try again; shared by every kind of limit. */
export function shouldRetryRateLimit(
  policy: RateLimitPolicy,
  retryAfter: number,
  retryCount: number,
): boolean {
  return retryCount < policy.maxRetries && retryAfter <= policy.maxWaitSeconds;
}

function header(error: unknown, name: string): string | undefined {
  const response: unknown =
    typeof error === 'object' && error !== null
      ? Reflect.get(error, 'response')
      : undefined;
  const headers: unknown =
    typeof response === 'object' && response !== null
      ? Reflect.get(response, 'headers')
      : undefined;
  const value: unknown =
    typeof headers === 'object' && headers !== null
      ? Reflect.get(headers, name)
      : undefined;
  return typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : undefined;
}

/**
 * Seconds GitHub asks to wait after a 429: `retry-after`, else until
 * `x-ratelimit-reset` when the quota is spent, else the one minute its
 * documentation asks for.
 */
export function retryAfterSeconds(error: unknown, now = Date.now()): number {
  const retryAfter = Number(header(error, 'retry-after'));
  if (header(error, 'retry-after') !== undefined && retryAfter >= 0) {
    return retryAfter;
  }
  const reset = Number(header(error, 'x-ratelimit-reset'));
  if (header(error, 'x-ratelimit-remaining') === '0' && reset > 0) {
    return Math.max(0, Math.ceil(reset - now / 1000) + 1);
  }
  return 60;
}

type HookedOctokit = Pick<InstanceType<typeof Octokit>, 'hook' | 'log'>;

/**
 * Retries requests GitHub answers with 429 Too Many Requests, honouring the
 * wait it asks for. plugin-throttling 8 only recognises rate limits answered
 * with 403, and plugin-retry would retry a 429 on its own schedule, ignoring
 * `retry-after`; this plugin sits innermost so each sees only its own cases.
 */
export function tooManyRequestsPlugin(policy: RateLimitPolicy) {
  return (octokit: HookedOctokit) => {
    octokit.hook.wrap('request', async (request, options) => {
      for (let retryCount = 0; ; retryCount++) {
        try {
          return await request(options);
        } catch (error) {
          const wait = retryAfterSeconds(error);
          if (
            statusOf(error) !== 429 ||
            !shouldRetryRateLimit(policy, wait, retryCount)
          ) {
            throw error;
          }
          octokit.log.warn(
            `GitHub answered ${options.method} ${options.url} with 429; retrying in ${wait}s`,
          );
          await new Promise(resolve =>
            setTimeout(resolve, wait * policy.baseMs),
          );
        }
      }
    });
  };
}
