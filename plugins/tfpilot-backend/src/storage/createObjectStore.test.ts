import { join } from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createObjectStore } from './createObjectStore';
import { LocalObjectStore } from './LocalObjectStore';
import { S3ObjectStore } from './S3ObjectStore';

const mockDir = createMockDirectory();

function storageConfig(storage: object) {
  return new ConfigReader({ tfpilot: { storage } });
}

describe('createObjectStore', () => {
  beforeEach(() => {
    mockDir.clear();
    jest.spyOn(process, 'cwd').mockReturnValue(mockDir.path);
  });
  afterEach(() => jest.restoreAllMocks());

  it('defaults to a local store in ./.tfpilot/objects of the working directory', async () => {
    const store = createObjectStore(new ConfigReader({}));
    expect(store).toBeInstanceOf(LocalObjectStore);
    await store.putIfAbsent('a/b.json', Buffer.from('{}'));
    expect(mockDir.content()).toEqual({
      '.tfpilot': { objects: { a: { 'b.json': '{}' } } },
    });
  });

  it('resolves a relative local dir against the working directory', async () => {
    const store = createObjectStore(
      storageConfig({ type: 'local', local: { dir: 'data/objects' } }),
    );
    await store.putIfAbsent('k.json', Buffer.from('v'));
    expect(mockDir.content()).toEqual({ data: { objects: { 'k.json': 'v' } } });
  });

  it('uses an absolute local dir as it is', async () => {
    const dir = join(mockDir.path, 'abs');
    const store = createObjectStore(storageConfig({ local: { dir } }));
    await store.putIfAbsent('k.json', Buffer.from('v'));
    expect(mockDir.content()).toEqual({ abs: { 'k.json': 'v' } });
  });

  it('creates an S3 store for type s3', () => {
    const store = createObjectStore(
      storageConfig({
        type: 's3',
        s3: { bucket: 'b', region: 'eu-west-1', prefix: 'tfpilot/' },
      }),
    );
    expect(store).toBeInstanceOf(S3ObjectStore);
  });

  it('requires a bucket for type s3', () => {
    expect(() => createObjectStore(storageConfig({ type: 's3' }))).toThrow(
      new InputError(
        'tfpilot.storage.s3.bucket: required when tfpilot.storage.type is s3',
      ),
    );
  });

  it('refuses an unknown type, naming the setting', () => {
    const create = () => createObjectStore(storageConfig({ type: 'gcs' }));
    expect(create).toThrow(InputError);
    expect(create).toThrow(/^tfpilot\.storage\.type: unknown type "gcs"/);
  });
});
