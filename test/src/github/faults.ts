/** A failure the next matching calls answer with. */
export interface GithubFault {
  /** An `operationId` such as `git/get-ref`, or a pattern; any call when absent. */
  operation?: string | RegExp;
  status: 500 | 502 | 503 | 429 | 403;
  /** How many matching calls fail; 1 by default. */
  count?: number;
  /** The wait the rate-limit headers ask for; 1 second by default. */
  retryAfterSeconds?: number;
}

interface PendingFault extends GithubFault {
  remaining: number;
}

const SERVER_ERRORS: Record<number, string> = {
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
};

/** What a fault answers: status, message and extra headers. */
export interface FaultAnswer {
  status: number;
  message: string;
  documentationUrl?: string;
  headers: Record<string, string>;
}

/** Faults queued by tests, consumed by matching calls in order. */
export class FaultQueue {
  readonly #pending: PendingFault[] = [];

  add(fault: GithubFault): void {
    this.#pending.push({ ...fault, remaining: fault.count ?? 1 });
  }

  clear(): void {
    this.#pending.length = 0;
  }

  /** The fault this call meets, if any, counting it as used. */
  take(operation: string): GithubFault | undefined {
    const index = this.#pending.findIndex(
      f =>
        f.operation === undefined ||
        (typeof f.operation === 'string'
          ? f.operation === operation
          : f.operation.test(operation)),
    );
    if (index < 0) return undefined;
    const fault = this.#pending[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#pending.splice(index, 1);
    return fault;
  }
}

/**
 * GitHub's answers: 5xx with a short message; 403 for the primary rate limit
 * and 429 for the secondary one, both with exhausted rate-limit headers.
 */
export function faultAnswer(
  fault: GithubFault,
  context: { requestId: string; userId: number; nowSeconds: number },
): FaultAnswer {
  if (fault.status !== 403 && fault.status !== 429) {
    return {
      status: fault.status,
      message: SERVER_ERRORS[fault.status],
      headers: {},
    };
  }
  const wait = fault.retryAfterSeconds ?? 1;
  const headers = {
    'retry-after': String(wait),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(context.nowSeconds + wait),
  };
  const support = `If you reach out to GitHub Support for help, please include the request ID ${context.requestId}.`;
  const message =
    fault.status === 403
      ? `API rate limit exceeded for user ID ${context.userId}. ${support}`
      : `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ${support}`;
  return {
    status: fault.status,
    message,
    documentationUrl:
      'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
    headers,
  };
}

const RATE_LIMIT = 5000;
const RATE_WINDOW_SECONDS = 3600;

/** GitHub's primary rate limit for a token: 5000 calls an hour. */
export class RateLimitWindow {
  #used = 0;
  #reset = 0;

  /** Counts one call and returns the headers GitHub sends with it. */
  count(now: Date): Record<string, string> {
    const seconds = Math.floor(now.getTime() / 1000);
    if (seconds >= this.#reset) {
      this.#reset = seconds + RATE_WINDOW_SECONDS;
      this.#used = 0;
    }
    this.#used += 1;
    return {
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - this.#used)),
      'x-ratelimit-reset': String(this.#reset),
      'x-ratelimit-used': String(this.#used),
      'x-ratelimit-resource': 'core',
    };
  }
}
