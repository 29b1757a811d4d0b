import { KeyedMutex } from './KeyedMutex';

const tick = () => new Promise(resolve => setTimeout(resolve, 5));

describe('KeyedMutex.runAll', () => {
  it('holds every key: single-key tasks wait until it is done', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const all = mutex.runAll(['b', 'a'], async () => {
      order.push('all:start');
      await tick();
      order.push('all:end');
    });
    const a = mutex.run('a', async () => order.push('a'));
    const c = mutex.run('c', async () => order.push('c'));
    await Promise.all([all, a, c]);
    expect(order.indexOf('a')).toBeGreaterThan(order.indexOf('all:end'));
    expect(order.indexOf('c')).toBeLessThan(order.indexOf('all:end'));
  });

  it('never deadlocks callers locking overlapping sets in any order', async () => {
    const mutex = new KeyedMutex();
    const done: number[] = [];
    await Promise.all(
      [
        ['a', 'b', 'c'],
        ['c', 'b', 'a'],
        ['b', 'a'],
        ['c', 'a', 'a'],
      ].map((keys, i) =>
        mutex.runAll(keys, async () => {
          await tick();
          done.push(i);
        }),
      ),
    );
    expect(done.sort()).toEqual([0, 1, 2, 3]);
  });

  it('runs at once with no keys and passes errors through', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.runAll([], async () => 7)).resolves.toBe(7);
    await expect(
      mutex.runAll(['a'], async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(mutex.run('a', async () => 'free')).resolves.toBe('free');
  });
});
