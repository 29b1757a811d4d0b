/**
 * Load generation: autocannon against the HTTP API, and a closed-loop runner
 * with the same concurrency for the bare database/storage baselines.
 */
import autocannon from 'autocannon';

export interface LatencyStats {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of latencies in milliseconds. */
export function latencyStats(samples: number[]): LatencyStats {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) =>
    sorted.length
      ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
      : NaN;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

export interface HttpRunResult {
  /** autocannon's own p99 (HDR histogram, 1 ms resolution, 2xx only). */
  p99: number;
  /** p99 over every response's exact time, from autocannon's `response` events. */
  exact: LatencyStats;
  requestsPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
  statusCodes: Record<string, number>;
}

export interface HttpRunOptions {
  url: string;
  token: string;
  connections: number;
  durationSeconds: number;
  method?: 'GET' | 'POST';
  body?: string;
  /** Cycle through these paths (on the origin of `url`) instead of requesting `url` only. */
  paths?: string[];
}

/** One autocannon run; resolves with its summary and exact latencies. */
export function runAutocannon(options: HttpRunOptions): Promise<HttpRunResult> {
  const samples: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        duration: options.durationSeconds,
        method: options.method ?? 'GET',
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(options.body ? { 'content-type': 'application/json' } : {}),
        },
        ...(options.body ? { body: options.body } : {}),
        ...(options.paths
          ? { requests: options.paths.map(path => ({ path })) }
          : {}),
        timeout: 30,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const statusCodes: Record<string, number> = {};
        for (const [code, stat] of Object.entries(
          result.statusCodeStats ?? {},
        )) {
          statusCodes[code] = stat.count ?? 0;
        }
        resolve({
          p99: result.latency.p99,
          exact: latencyStats(samples),
          requestsPerSecond: result['2xx'] / result.duration,
          ok: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          durationSeconds: result.duration,
          statusCodes,
        });
      },
    );
    instance.on('response', (_client, _statusCode, _bytes, responseTime) => {
      samples.push(responseTime);
    });
  });
}

export interface LoopRunResult {
  latency: LatencyStats;
  opsPerSecond: number;
  errors: number;
  firstError?: string;
  durationSeconds: number;
}

/**
 * `concurrency` workers each run `operation` back to back for `durationSeconds`
 * (a closed loop, like autocannon's connections), timing every call.
 */
export async function runLoop(
  operation: (worker: number, iteration: number) => Promise<unknown>,
  concurrency: number,
  durationSeconds: number,
): Promise<LoopRunResult> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          await operation(worker, i);
          samples.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= String(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    latency: latencyStats(samples),
    opsPerSecond: samples.length / elapsed,
    errors,
    firstError,
    durationSeconds: elapsed,
  };
}
