import {
  RequestState,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';

/**
 * States in which a request's infrastructure exists: it was applied and has
 * not been destroyed yet (a failed destroy leaves it in place).
 */
export const LIVE_STATES: readonly RequestState[] = [
  'applied',
  'destroying',
  'destroy_failed',
];

export function isLive(request: TfRequest): boolean {
  return LIVE_STATES.includes(request.status);
}

/** One step of an entity's cost history: a live request joins the total. */
export interface CostStep {
  /** When the request reached its current revision (its `updatedAt`). */
  at: string;
  requestId: string;
  /** The request's monthly cost. */
  amount: number;
  /** The entity's monthly cost once this request is counted. */
  total: number;
}

/** The monthly cost of an entity's infrastructure in one currency. */
export interface CurrencyCost {
  currency: string;
  total: number;
  /** Oldest first; the last step's total is `total`. */
  history: CostStep[];
}

export interface EntityCostSummary {
  /** Largest total first. Usually one currency. */
  currencies: CurrencyCost[];
  /** Live requests counted. */
  live: number;
  /** Live requests without a cost estimate (not priced, or priced as unknown). */
  unpriced: TfRequest[];
}

const byUpdatedAt = (a: TfRequest, b: TfRequest) =>
  a.updatedAt === b.updatedAt
    ? a.id.localeCompare(b.id)
    : a.updatedAt.localeCompare(b.updatedAt);

/**
 * What an entity's infrastructure costs a month: the sum, over its live
 * requests, of the latest estimate of each (`cost.summary.totalMonthlyCost`,
 * the cost once the request's change is applied). The history adds the
 * requests in the order they reached their current revision, which for an
 * applied request is when it was applied (or last drift-checked).
 */
export function summarizeEntityCost(
  requests: readonly TfRequest[],
): EntityCostSummary {
  const live = requests.filter(isLive).sort(byUpdatedAt);
  const byCurrency = new Map<string, CurrencyCost>();
  const unpriced: TfRequest[] = [];
  for (const request of live) {
    const summary = request.cost?.summary;
    const amount = summary?.totalMonthlyCost;
    if (!summary || amount === null || amount === undefined) {
      unpriced.push(request);
      continue;
    }
    const entry = byCurrency.get(summary.currency) ?? {
      currency: summary.currency,
      total: 0,
      history: [],
    };
    entry.total += amount;
    entry.history.push({
      at: request.updatedAt,
      requestId: request.id,
      amount,
      total: entry.total,
    });
    byCurrency.set(summary.currency, entry);
  }
  return {
    currencies: [...byCurrency.values()].sort((a, b) => b.total - a.total),
    live: live.length,
    unpriced,
  };
}
