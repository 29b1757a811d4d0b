import { makeRequest } from './__testUtils__/requests';
import { summarizeEntityCost } from './cost';

describe('summarizeEntityCost', () => {
  it('sums the latest estimate of every live request, oldest first', () => {
    const later = makeRequest({
      status: 'applied',
      updatedAt: '2024-05-03T10:00:00.000Z',
      cost: { total: 30.5 },
    });
    const earlier = makeRequest({
      status: 'destroy_failed',
      updatedAt: '2024-05-01T10:00:00.000Z',
      cost: { total: 12 },
    });
    const summary = summarizeEntityCost([
      later,
      earlier,
      // not live: planned, or destroyed
      makeRequest({
        status: 'awaiting_approval',
        updatedAt: '2024-05-04T10:00:00.000Z',
        cost: { total: 1000 },
      }),
      makeRequest({
        status: 'destroyed',
        updatedAt: '2024-05-05T10:00:00.000Z',
        cost: { total: 500 },
      }),
    ]);

    expect(summary.live).toBe(2);
    expect(summary.unpriced).toEqual([]);
    expect(summary.currencies).toEqual([
      {
        currency: 'USD',
        total: 42.5,
        history: [
          {
            at: earlier.updatedAt,
            requestId: earlier.id,
            amount: 12,
            total: 12,
          },
          {
            at: later.updatedAt,
            requestId: later.id,
            amount: 30.5,
            total: 42.5,
          },
        ],
      },
    ]);
  });

  it('keeps currencies apart and lists requests without an estimate', () => {
    const unpriced = makeRequest({
      status: 'applied',
      updatedAt: '2024-05-01T10:00:00.000Z',
    });
    const unknown = makeRequest({
      status: 'applied',
      updatedAt: '2024-05-01T11:00:00.000Z',
      cost: { total: null },
    });
    const summary = summarizeEntityCost([
      unpriced,
      unknown,
      makeRequest({
        status: 'applied',
        updatedAt: '2024-05-02T10:00:00.000Z',
        cost: { total: 5, currency: 'EUR' },
      }),
      makeRequest({
        status: 'applied',
        updatedAt: '2024-05-02T11:00:00.000Z',
        cost: { total: 50 },
      }),
    ]);
    expect(summary.currencies.map(c => [c.currency, c.total])).toEqual([
      ['USD', 50],
      ['EUR', 5],
    ]);
    expect(summary.unpriced).toEqual([unpriced, unknown]);
    expect(summary.live).toBe(4);
  });

  it('is empty without live requests', () => {
    expect(summarizeEntityCost([])).toEqual({
      currencies: [],
      live: 0,
      unpriced: [],
    });
  });
});
