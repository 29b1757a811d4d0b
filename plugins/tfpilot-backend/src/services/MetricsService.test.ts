import { RequestIndex } from '../database/RequestIndex';
import { MetricsService } from './MetricsService';

function fakeIndex() {
  let total = 1;
  const calls = { count: 0 };
  const index = {
    metricsRows: jest.fn(async () => {
      calls.count++;
      await new Promise(r => setTimeout(r, 10));
      return [
        {
          environment: 'dev',
          module: 'm',
          status: 'applied' as const,
          count: total,
          applyMsSum: 0,
          appliesTimed: 0,
        },
      ];
    }),
  } as unknown as RequestIndex;
  return { index, calls, setTotal: (n: number) => (total = n) };
}

describe('MetricsService', () => {
  it('shares one computation between concurrent callers', async () => {
    const { index, calls } = fakeIndex();
    const service = new MetricsService({ index });

    const results = await Promise.all(
      Array.from({ length: 20 }, () => service.get()),
    );

    expect(calls.count).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it('recomputes once the figures are older than maxAgeMs', async () => {
    const { index, calls, setTotal } = fakeIndex();
    let now = 0;
    const service = new MetricsService({
      index,
      maxAgeMs: 2000,
      now: () => now,
    });

    expect((await service.get()).totalRequests).toBe(1);
    setTotal(5);
    now = 1999;
    expect((await service.get()).totalRequests).toBe(1);
    now = 2000;
    expect((await service.get()).totalRequests).toBe(5);
    expect(calls.count).toBe(2);
  });
});
