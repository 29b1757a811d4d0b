import {
  DeliveryError,
  parseRetryAfter,
  retryDelayMs,
  withRetry,
} from './retry';

const fast = { attempts: 3, backoffMs: 1, maxBackoffMs: 50 };

describe('withRetry', () => {
  it('tries again after transient failures', async () => {
    const send = jest
      .fn()
      .mockRejectedValueOnce(new DeliveryError('451', { retryable: true }))
      .mockRejectedValueOnce(new Error('socket hang up'))
      .mockResolvedValueOnce('sent');
    const failures: number[] = [];
    await expect(
      withRetry(send, { ...fast, onFailure: f => failures.push(f.attempt) }),
    ).resolves.toBe('sent');
    expect(send).toHaveBeenCalledTimes(3);
    expect(failures).toEqual([1, 2]);
  });

  it('stops at once on a permanent failure', async () => {
    const error = new DeliveryError('550 no such user', { retryable: false });
    const send = jest.fn().mockRejectedValue(error);
    await expect(withRetry(send, fast)).rejects.toBe(error);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('gives up after the configured attempts with the last error', async () => {
    const send = jest.fn().mockRejectedValue(new Error('down'));
    const waits: (number | undefined)[] = [];
    await expect(
      withRetry(send, { ...fast, onFailure: f => waits.push(f.retryInMs) }),
    ).rejects.toThrow('down');
    expect(send).toHaveBeenCalledTimes(3);
    expect(waits[2]).toBeUndefined();
  });

  it('stops waiting when the backend stops', async () => {
    const controller = new AbortController();
    const send = jest.fn().mockRejectedValue(new Error('down'));
    const result = withRetry(send, {
      attempts: 5,
      backoffMs: 60_000,
      maxBackoffMs: 60_000,
      signal: controller.signal,
    });
    controller.abort();
    await expect(result).rejects.toThrow('down');
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe('retryDelayMs', () => {
  const settings = { attempts: 5, backoffMs: 100, maxBackoffMs: 1000 };

  it('doubles the backoff, with some jitter, up to the cap', () => {
    expect(retryDelayMs(new Error(), 1, settings)).toBeGreaterThanOrEqual(100);
    expect(retryDelayMs(new Error(), 1, settings)).toBeLessThanOrEqual(125);
    expect(retryDelayMs(new Error(), 3, settings)).toBeGreaterThanOrEqual(400);
    expect(retryDelayMs(new Error(), 10, settings)).toBe(1000);
  });

  it("follows the server's Retry-After, capped", () => {
    const asked = (ms: number) =>
      new DeliveryError('slow down', { retryable: true, retryAfterMs: ms });
    expect(retryDelayMs(asked(300), 1, settings)).toBe(300);
    expect(retryDelayMs(asked(30_000), 1, settings)).toBe(1000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2026-11-20T10:00:00Z');
    expect(parseRetryAfter('Fri, 20 Nov 2026 10:00:03 GMT', now)).toBe(3000);
  });
});
