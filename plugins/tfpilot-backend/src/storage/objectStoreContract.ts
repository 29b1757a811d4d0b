import { ConflictError } from '@backstage/errors';
import { newRequestId } from '@tfpilot/backstage-plugin-tfpilot-common';
import { ObjectStore } from './ObjectStore';
import { requestRevisionKey } from './keys';

/** More than one S3 ListObjectsV2 page (1000 keys), so paging is exercised. */
const MANY_KEYS = 1100;

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of iterable) keys.push(key);
  return keys;
}

/** Writes in batches: fast, without opening thousands of files at once. */
async function putAll(store: ObjectStore, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 50) {
    await Promise.all(
      keys
        .slice(i, i + 50)
        .map(key => store.putIfAbsent(key, Buffer.from(key))),
    );
  }
}

function outcome(result: PromiseSettledResult<string>): unknown {
  if (result.status === 'fulfilled') return result.value;
  return result.reason instanceof ConflictError ? 'conflict' : result.reason;
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * The behaviour every ObjectStore shares. `makeStore` returns an empty store
 * each time.
 */
// Each store's test file runs this suite; this file has no tests of its own.
// eslint-disable-next-line jest/no-export
export function describeObjectStoreContract(
  name: string,
  makeStore: () => Promise<ObjectStore>,
): void {
  describe(`${name} (ObjectStore contract)`, () => {
    let store: ObjectStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('creates an object and reads the same bytes back', async () => {
      const key = requestRevisionKey(newRequestId(), 1);
      const body = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0a]);
      await expect(store.putIfAbsent(key, body)).resolves.toBe('created');
      await expect(store.get(key)).resolves.toEqual(body);
    });

    it('stores an empty object as empty, not as missing', async () => {
      await expect(store.putIfAbsent('a/empty', Buffer.alloc(0))).resolves.toBe(
        'created',
      );
      await expect(store.get('a/empty')).resolves.toEqual(Buffer.alloc(0));
    });

    it('treats writing the same bytes again as a no-op', async () => {
      const key = requestRevisionKey(newRequestId(), 1);
      await store.putIfAbsent(key, Buffer.from('{"v":1}'));
      await expect(
        store.putIfAbsent(key, Buffer.from('{"v":1}')),
      ).resolves.toBe('unchanged');
      await expect(store.get(key)).resolves.toEqual(Buffer.from('{"v":1}'));
    });

    it('refuses different bytes under an existing key and keeps the original', async () => {
      const key = requestRevisionKey(newRequestId(), 1);
      await store.putIfAbsent(key, Buffer.from('{"v":1}'));
      const second = store.putIfAbsent(key, Buffer.from('{"v":2}'));
      // ConflictError is what Backstage's error handler turns into a 409.
      await expect(second).rejects.toThrow(ConflictError);
      await expect(second).rejects.toThrow(key);
      await expect(store.get(key)).resolves.toEqual(Buffer.from('{"v":1}'));
    });

    it('returns undefined for a missing key and for a key prefix', async () => {
      await expect(
        store.get('requests/missing/1.json'),
      ).resolves.toBeUndefined();
      await store.putIfAbsent('dir/sub/file.json', Buffer.from('x'));
      await expect(store.get('dir/sub')).resolves.toBeUndefined();
    });

    it('lists keys under a prefix only, in byte order', async () => {
      const inside = ['p/b', 'p/a/y', 'p/a/x/1', 'p/A', 'p/a0', 'p/_'];
      const outside = ['pp/a', 'p.json', 'q/p/a', 'o/z'];
      await putAll(store, [...inside, ...outside]);
      await expect(collect(store.list('p/'))).resolves.toEqual(
        [...inside].sort(byteOrder),
      );
      await expect(collect(store.list('p/a/'))).resolves.toEqual([
        'p/a/x/1',
        'p/a/y',
      ]);
      await expect(collect(store.list('none/'))).resolves.toEqual([]);
    });

    it(`lists all of ${MANY_KEYS} keys in order`, async () => {
      const keys = Array.from(
        { length: MANY_KEYS },
        (_, i) =>
          `logs/${String((i * 7919) % MANY_KEYS).padStart(5, '0')}.json`,
      );
      await putAll(store, [...keys, 'logz/after.json', 'log/before.json']);
      const listed = await collect(store.list('logs/'));
      expect(listed).toHaveLength(MANY_KEYS);
      expect(listed).toEqual([...keys].sort(byteOrder));
    }, 60_000);

    it('lets exactly one of two racing writers create a key', async () => {
      const races = Array.from({ length: 10 }, async (_, i) => {
        const key = `race/${i}.json`;
        const bodies = [Buffer.from(`first ${i}`), Buffer.from(`second ${i}`)];
        const results = await Promise.allSettled(
          bodies.map(body => store.putIfAbsent(key, body)),
        );
        expect(results.map(outcome).sort()).toEqual(['conflict', 'created']);
        const winner = results.findIndex(r => r.status === 'fulfilled');
        await expect(store.get(key)).resolves.toEqual(bodies[winner]);
      });
      await Promise.all(races);
    }, 30_000);
  });
}
