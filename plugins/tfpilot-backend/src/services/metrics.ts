import {
  Metrics,
  MetricsFigures,
  RequestState,
} from '@tfpilot/backstage-plugin-tfpilot-common';

export type { Metrics, MetricsFigures };
import { MetricsRow } from '../database/RequestIndex';

const FAILED_STATES: readonly RequestState[] = [
  'rejected',
  'plan_failed',
  'apply_failed',
  'destroy_failed',
];

function figures(rows: MetricsRow[]): MetricsFigures {
  const byStatus: Partial<Record<RequestState, number>> = {};
  let totalRequests = 0;
  let applyMs = 0;
  let timed = 0;
  let succeeded = 0;
  let finished = 0;
  for (const row of rows) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + row.count;
    totalRequests += row.count;
    applyMs += row.applyMsSum;
    timed += row.appliesTimed;
    succeeded += row.applySuccesses;
    finished += row.applySuccesses + row.applyFailures;
  }
  return {
    totalRequests,
    byStatus,
    failures: FAILED_STATES.reduce((n, s) => n + (byStatus[s] ?? 0), 0),
    successRate: finished ? succeeded / finished : null,
    averageApplySeconds: timed ? Math.round(applyMs / timed) / 1000 : null,
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/** Turns the index's aggregates into the GET /metrics answer. */
export function computeMetrics(rows: MetricsRow[]): Metrics {
  const slice = (key: (r: MetricsRow) => string) =>
    Object.fromEntries(
      [...groupBy(rows, key)].map(([name, group]) => [name, figures(group)]),
    );
  return {
    ...figures(rows),
    byEnvironment: slice(r => r.environment),
    byModule: slice(r => r.module),
  };
}
