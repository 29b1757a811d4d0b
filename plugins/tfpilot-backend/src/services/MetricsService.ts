import { RequestIndex } from '../database/RequestIndex';
import { computeMetrics, Metrics } from './metrics';

/**
 * GET /metrics over the whole index is an aggregate scan. Dashboards poll it
 * from many browsers at once, so one computation serves every caller for a
 * short while (at most `maxAgeMs` old), and concurrent callers share the
 * computation in flight instead of each starting their own.
 */
export class MetricsService {
  readonly #index: RequestIndex;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #cached?: { value: Metrics; at: number };
  #inFlight?: Promise<Metrics>;

  constructor(options: {
    index: RequestIndex;
    maxAgeMs?: number;
    now?: () => number;
  }) {
    this.#index = options.index;
    this.#maxAgeMs = options.maxAgeMs ?? 2000;
    this.#now = options.now ?? Date.now;
  }

  async get(): Promise<Metrics> {
    if (this.#cached && this.#now() - this.#cached.at < this.#maxAgeMs) {
      return this.#cached.value;
    }
    this.#inFlight ??= this.#compute().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #compute(): Promise<Metrics> {
    const startedAt = this.#now();
    const value = computeMetrics(await this.#index.metricsRows());
    this.#cached = { value, at: startedAt };
    return value;
  }
}
