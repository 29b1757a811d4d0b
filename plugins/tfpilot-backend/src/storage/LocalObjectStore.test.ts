import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { LocalObjectStore } from './LocalObjectStore';
import { describeObjectStoreContract } from './objectStoreContract';

const mockDir = createMockDirectory();

describeObjectStoreContract('LocalObjectStore', async () => {
  mockDir.clear();
  return new LocalObjectStore({ dir: mockDir.path });
});

/** Every file under `dir`, relative to it. */
async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter(e => e.isFile())
    .map(e => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('LocalObjectStore', () => {
  beforeEach(() => mockDir.clear());

  it('keeps one file per key under its directory', async () => {
    const store = new LocalObjectStore({ dir: mockDir.path });
    await store.putIfAbsent('requests/abc/0000000001.json', Buffer.from('{}'));
    expect(mockDir.content()).toEqual({
      requests: { abc: { '0000000001.json': '{}' } },
    });
  });

  it.each([
    '../x',
    'a/../../x',
    '..',
    '/etc/passwd',
    'a//b',
    'a/',
    '',
    'a\\..\\b',
    'a/./b',
    'a/\0b',
    'a/.tfpilot-tmp-1',
  ])('refuses the unsafe key %j', async key => {
    const store = new LocalObjectStore({ dir: join(mockDir.path, 'store') });
    await expect(store.putIfAbsent(key, Buffer.from('x'))).rejects.toThrow(
      InputError,
    );
    await expect(store.get(key)).rejects.toThrow(InputError);
    expect(mockDir.content()).toEqual({});
  });

  it.each(['../', '/etc/', 'a//', '..'])(
    'refuses to list the unsafe prefix %j',
    async prefix => {
      const store = new LocalObjectStore({ dir: mockDir.path });
      const list = async () => {
        for await (const key of store.list(prefix)) expect(key).toBeUndefined();
      };
      await expect(list()).rejects.toThrow(InputError);
    },
  );

  it('leaves no temp files behind, whether writes win, repeat or conflict', async () => {
    const store = new LocalObjectStore({ dir: mockDir.path });
    await store.putIfAbsent('a/1.json', Buffer.from('one'));
    await store.putIfAbsent('a/1.json', Buffer.from('one'));
    await expect(
      store.putIfAbsent('a/1.json', Buffer.from('two')),
    ).rejects.toThrow(ConflictError);
    await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.putIfAbsent('a/2.json', Buffer.from(`racer ${i}`)),
      ),
    );
    expect(await allFiles(mockDir.path)).toEqual(['a/1.json', 'a/2.json']);
  });

  // s3rver lists p/a/x before p/a-z (directory walk order); real S3 and
  // this store use byte order, where '-' sorts before '/'.
  it('lists a name before a directory it prefixes when byte order says so', async () => {
    const store = new LocalObjectStore({ dir: mockDir.path });
    for (const key of [
      'p/a/x',
      'p/a-z',
      'p/a.json',
      'p/a0',
      'p/a/y-1',
      'p/a/y/1',
    ]) {
      await store.putIfAbsent(key, Buffer.from(key));
    }
    const keys: string[] = [];
    for await (const key of store.list('p/')) keys.push(key);
    expect(keys).toEqual([
      'p/a-z',
      'p/a.json',
      'p/a/x',
      'p/a/y-1',
      'p/a/y/1',
      'p/a0',
    ]);
  });

  it('does not list files that are still being written', async () => {
    const store = new LocalObjectStore({ dir: mockDir.path });
    mockDir.addContent({
      a: { '.tfpilot-tmp-123': 'partial', 'b.json': '{}' },
    });
    const keys: string[] = [];
    for await (const key of store.list('a/')) keys.push(key);
    expect(keys).toEqual(['a/b.json']);
  });

  it('lets exactly one of two stores on the same directory create a key', async () => {
    const stores = [mockDir.path, mockDir.path].map(
      dir => new LocalObjectStore({ dir }),
    );
    const bodies = [Buffer.from('one'), Buffer.from('two')];
    const results = await Promise.allSettled(
      stores.map((store, i) => store.putIfAbsent('k/1.json', bodies[i])),
    );
    const winner = results.findIndex(r => r.status === 'fulfilled');
    expect(results[1 - winner]).toMatchObject({
      status: 'rejected',
      reason: expect.any(ConflictError),
    });
    await expect(stores[0].get('k/1.json')).resolves.toEqual(bodies[winner]);
  });
});
