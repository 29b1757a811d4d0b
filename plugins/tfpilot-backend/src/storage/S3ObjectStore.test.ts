import { ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { newRequestId } from '@tfpilot/backstage-plugin-tfpilot-common';
import { S3ObjectStore, s3ObjectStoreFromConfig } from './S3ObjectStore';
import { requestRevisionKey } from './keys';
import { describeObjectStoreContract } from './objectStoreContract';

const BUCKET = 'tfpilot-test';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * Runs s3rver in a child process, for two reasons:
 * - its ListObjectsV2 continuation tokens use DES, which Node 22's OpenSSL
 *   only offers with --openssl-legacy-provider (else: 500 on page two);
 * - it predates S3 conditional writes and ignores `If-None-Match: *` on PUT,
 *   so a small middleware in front adds them, serialised per key like S3.
 * Everything else is s3rver as is.
 */
const S3RVER_SCRIPT = `
const [s3rverPath, directory, bucket] = process.argv.slice(1);
const S3rver = require(s3rverPath);
const server = new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});
const tails = new Map();
function oneAtATime(id, task) {
  const run = (tails.get(id) || Promise.resolve()).then(task);
  tails.set(id, run.catch(() => undefined));
  return run;
}
server.middleware.unshift(async (ctx, next) => {
  const [bucketName, ...rest] = ctx.path.slice(1).split('/');
  const key = decodeURIComponent(rest.join('/'));
  if (ctx.method !== 'PUT' || ctx.get('if-none-match') !== '*' || !key) {
    return next();
  }
  return oneAtATime(bucketName + '/' + key, async () => {
    if (!(await server.store.existsObject(bucketName, key))) return next();
    ctx.status = 412;
    ctx.type = 'application/xml';
    ctx.body =
      '<?xml version="1.0" encoding="UTF-8"?><Error>' +
      '<Code>PreconditionFailed</Code>' +
      '<Message>At least one of the pre-conditions you specified did not hold</Message>' +
      '<Condition>If-None-Match</Condition></Error>';
  });
});
server.run().then(address => process.send({ address }));
process.on('disconnect', () => server.close().then(() => process.exit(0)));
`;

let s3rver: ChildProcess;
let directory: string;
let endpoint: string;
let client: S3Client;
let stores = 0;

async function startS3rver(): Promise<string> {
  directory = await mkdtemp(join(tmpdir(), 'tfpilot-s3rver-'));
  s3rver = fork(
    '-e',
    [S3RVER_SCRIPT, require.resolve('s3rver'), directory, BUCKET],
    { execArgv: ['--openssl-legacy-provider'], stdio: 'inherit' },
  );
  const { address } = await new Promise<{
    address: { address: string; port: number };
  }>((resolve, reject) => {
    s3rver.once('message', message =>
      resolve(message as { address: { address: string; port: number } }),
    );
    s3rver.once('exit', code => reject(new Error(`s3rver exited: ${code}`)));
  });
  return `http://${address.address}:${address.port}`;
}

function s3Client(): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of iterable) keys.push(key);
  return keys;
}

beforeAll(async () => {
  endpoint = await startS3rver();
  client = s3Client();
}, 30_000);

afterAll(async () => {
  client?.destroy();
  if (s3rver?.connected) {
    const exited = new Promise(resolve => s3rver.once('exit', resolve));
    s3rver.disconnect();
    await exited;
  }
  await rm(directory, { recursive: true, force: true });
});

// Each store gets its own prefix: a fresh, empty store on the shared bucket.
describeObjectStoreContract('S3ObjectStore on s3rver', async () => {
  stores += 1;
  return new S3ObjectStore({ client, bucket: BUCKET, prefix: `c${stores}` });
});

describe('S3ObjectStore', () => {
  it('keeps tenants with different prefixes apart on one bucket', async () => {
    const a = new S3ObjectStore({
      client,
      bucket: BUCKET,
      prefix: 'tenant-a/',
    });
    const b = new S3ObjectStore({
      client,
      bucket: BUCKET,
      prefix: 'tenant-b/',
    });
    const key = requestRevisionKey(newRequestId(), 1);
    await a.putIfAbsent(key, Buffer.from('a'));
    await expect(b.get(key)).resolves.toBeUndefined();
    await expect(collect(b.list('requests/'))).resolves.toEqual([]);
    await expect(b.putIfAbsent(key, Buffer.from('b'))).resolves.toBe('created');
    await expect(a.get(key)).resolves.toEqual(Buffer.from('a'));
    await expect(collect(a.list('requests/'))).resolves.toEqual([key]);
  });

  it('stores keys under the prefix, adding a missing trailing slash', async () => {
    const store = new S3ObjectStore({ client, bucket: BUCKET, prefix: 'nosl' });
    await store.putIfAbsent('x/1.json', Buffer.from('1'));
    const plain = new S3ObjectStore({ client, bucket: BUCKET });
    await expect(plain.get('nosl/x/1.json')).resolves.toEqual(Buffer.from('1'));
    await expect(collect(plain.list('nosl/'))).resolves.toEqual([
      'nosl/x/1.json',
    ]);
  });

  it('follows continuation tokens across small pages', async () => {
    const store = new S3ObjectStore({
      client,
      bucket: BUCKET,
      prefix: 'paged/',
      pageSize: 4,
    });
    const keys = Array.from({ length: 11 }, (_, i) => `k/${i + 10}`);
    await Promise.all(keys.map(k => store.putIfAbsent(k, Buffer.from(k))));
    await expect(collect(store.list('k/'))).resolves.toEqual(keys);
  });

  it('does not overwrite an object a plain writer put there first', async () => {
    const store = new S3ObjectStore({ client, bucket: BUCKET, prefix: 'pre/' });
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'pre/k', Body: 'theirs' }),
    );
    await expect(store.putIfAbsent('k', Buffer.from('ours'))).rejects.toThrow(
      'object k already exists with different content',
    );
    await expect(store.get('k')).resolves.toEqual(Buffer.from('theirs'));
  });
});

describe('s3ObjectStoreFromConfig', () => {
  it('talks to the configured endpoint, bucket and prefix', async () => {
    const store = s3ObjectStoreFromConfig(
      new ConfigReader({
        tfpilot: {
          storage: {
            s3: {
              bucket: BUCKET,
              prefix: 'from-config',
              region: 'us-east-1',
              endpoint,
              forcePathStyle: true,
              ...CREDENTIALS,
            },
          },
        },
      }),
    );
    await expect(store.putIfAbsent('a.json', Buffer.from('{}'))).resolves.toBe(
      'created',
    );
    const plain = new S3ObjectStore({ client, bucket: BUCKET });
    await expect(plain.get('from-config/a.json')).resolves.toEqual(
      Buffer.from('{}'),
    );
  });

  it('requires a bucket', () => {
    expect(() =>
      s3ObjectStoreFromConfig(
        new ConfigReader({ tfpilot: { storage: { s3: { region: 'x' } } } }),
      ),
    ).toThrow(
      new InputError(
        'tfpilot.storage.s3.bucket: required when tfpilot.storage.type is s3',
      ),
    );
  });

  it('refuses half a pair of static credentials', () => {
    expect(() =>
      s3ObjectStoreFromConfig(
        new ConfigReader({
          tfpilot: { storage: { s3: { bucket: 'b', accessKeyId: 'id' } } },
        }),
      ),
    ).toThrow(InputError);
  });
});
