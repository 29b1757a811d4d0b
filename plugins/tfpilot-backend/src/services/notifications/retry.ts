import { setTimeout as sleep } from 'node:timers/promises';
import { RetrySettings } from './types';

/**
 * A failed delivery, saying whether trying again can help (a 4xx SMTP reply,
 * a 5xx HTTP answer, a rate limit) or not (a rejected address, a bad token).
 */
export class DeliveryError extends Error {
  readonly retryable: boolean;
  /** How long the server asked us to wait (Retry-After). */
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
    if (options.retryAfterMs !== undefined) {
      this.retryAfterMs = options.retryAfterMs;
    }
  }
}

/** Errors that are not DeliveryErrors (a dropped connection, a bug) get retried. */
function isRetryable(error: unknown): boolean {
  return error instanceof DeliveryError ? error.retryable : true;
}

/** Exponential backoff with up to 25 % jitter, or the server's wish; capped. */
export function retryDelayMs(
  error: unknown,
  failedAttempt: number,
  settings: RetrySettings,
): number {
  const asked = error instanceof DeliveryError ? error.retryAfterMs : undefined;
  const backoff = settings.backoffMs * 2 ** (failedAttempt - 1);
  const jittered = backoff + Math.random() * backoff * 0.25;
  return Math.min(asked ?? jittered, settings.maxBackoffMs);
}

/** A failure seen on the way, for logging. */
export interface FailedAttempt {
  attempt: number;
  error: unknown;
  /** The wait before the next try; undefined when this was the last. */
  retryInMs?: number;
}

/**
 * Runs `send` until it succeeds, fails permanently, runs out of attempts, or
 * `signal` aborts (the backend is stopping). Rethrows the last error.
 */
export async function withRetry<T>(
  send: () => Promise<T>,
  options: RetrySettings & {
    signal?: AbortSignal;
    onFailure?: (failure: FailedAttempt) => void;
  },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const last =
        attempt >= options.attempts ||
        !isRetryable(error) ||
        options.signal?.aborted;
      const retryInMs = last
        ? undefined
        : retryDelayMs(error, attempt, options);
      options.onFailure?.({ attempt, error, retryInMs });
      if (retryInMs === undefined) throw error;
      await sleep(retryInMs, undefined, { signal: options.signal }).catch(
        () => {
          throw error; // stopping: the last failure is the answer
        },
      );
    }
  }
}

/** `Retry-After` in seconds (or an HTTP date) as milliseconds. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
