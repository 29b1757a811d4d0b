import { checkpointKey, describeRequest, sleep } from './helpers';

describe('checkpointKey', () => {
  it('names a call by its content, whatever the order of keys', () => {
    expect(checkpointKey('request.create', { a: 1, b: { c: 2, d: 3 } })).toBe(
      checkpointKey('request.create', { b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it('tells different calls and operations apart', () => {
    const key = checkpointKey('request.create', { environment: 'dev' });
    expect(key).toMatch(/^tfpilot\.request\.create\.[0-9a-f]{32}$/);
    expect(checkpointKey('request.create', { environment: 'stage' })).not.toBe(
      key,
    );
    expect(checkpointKey('request.promote', { environment: 'dev' })).not.toBe(
      key,
    );
  });
});

describe('sleep', () => {
  it('rejects with the reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(slept).rejects.toThrow('stop');
  });

  it('does not start when already aborted', async () => {
    await expect(
      sleep(60_000, AbortSignal.abort(new Error('gone'))),
    ).rejects.toThrow('gone');
  });

  it('resolves after the time', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});

describe('describeRequest', () => {
  it('names the state, the revision and the latest run', () => {
    expect(
      describeRequest({
        id: 'r1',
        status: 'apply_failed',
        revision: 8,
        environment: 'dev',
        runs: [
          {
            runId: 'plan-1',
            operation: 'plan',
            status: 'succeeded',
            executor: 'github',
            startedAt: '2026-11-20T10:00:00.000Z',
          },
          {
            runId: 'apply-2',
            operation: 'apply',
            status: 'failed',
            executor: 'github',
            startedAt: '2026-11-20T10:05:00.000Z',
            url: 'https://ci.example/runs/2',
            message: 'AccessDenied',
          },
        ],
      }),
    ).toBe(
      'Request r1 is apply_failed (revision 8); latest run: apply apply-2 failed, https://ci.example/runs/2 (AccessDenied)',
    );
  });
});
