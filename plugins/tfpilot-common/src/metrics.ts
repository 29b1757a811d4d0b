import { RequestState } from './lifecycle';

/** Figures for one slice of `GET /metrics` (all, one environment, one module). */
export interface MetricsFigures {
  totalRequests: number;
  byStatus: Partial<Record<RequestState, number>>;
  /** Requests that ended in a failed or rejected state. */
  failures: number;
  /** Successful apply runs over all finished apply runs, 0..1; null before any apply. */
  successRate: number | null;
  /** Mean duration of the latest successful apply of each request, in seconds. */
  averageApplySeconds: number | null;
}

/** The body of `GET /api/tfpilot/metrics`. */
export interface Metrics extends MetricsFigures {
  byEnvironment: Record<string, MetricsFigures>;
  byModule: Record<string, MetricsFigures>;
}
