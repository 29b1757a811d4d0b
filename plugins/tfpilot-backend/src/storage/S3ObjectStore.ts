import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ObjectStore, sameOrConflict } from './ObjectStore';

/** @public */
export interface S3ObjectStoreOptions {
  client: S3Client;
  bucket: string;
  /** Prepended to every key, e.g. 'tfpilot/'; a missing trailing '/' is added. */
  prefix?: string;
  /** Keys per ListObjectsV2 page; S3 caps it at 1000. */
  pageSize?: number;
}

// After losing a race the winner's object is normally readable at once; the
// bound only stops a misbehaving server from looping us forever.
const RACE_ATTEMPTS = 5;

function normalisePrefix(prefix = ''): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

function hasStatus(error: unknown, name: string, status: number): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === name || error.$metadata.httpStatusCode === status)
  );
}

/** An ObjectStore in an S3 (or S3-compatible) bucket. */
export class S3ObjectStore implements ObjectStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #pageSize: number | undefined;

  constructor(options: S3ObjectStoreOptions) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#prefix = normalisePrefix(options.prefix);
    this.#pageSize = options.pageSize;
  }

  async putIfAbsent(
    key: string,
    body: Buffer,
  ): Promise<'created' | 'unchanged'> {
    for (let attempt = 1; ; attempt++) {
      // Reading first makes retries cheap and keeps servers that ignore
      // If-None-Match from overwriting an object that is already there.
      const existing = await this.get(key);
      if (existing) return sameOrConflict(key, body, existing);
      try {
        await this.#putIfNoneMatch(key, body);
        return 'created';
      } catch (error) {
        // Another writer got there first (412) or is still writing (409).
        const raced =
          hasStatus(error, 'PreconditionFailed', 412) ||
          hasStatus(error, 'ConditionalRequestConflict', 409);
        if (!raced || attempt >= RACE_ATTEMPTS) throw error;
      }
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const object = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }),
      );
      if (!object.Body) return Buffer.alloc(0);
      return Buffer.from(await object.Body.transformToByteArray());
    } catch (error) {
      if (hasStatus(error, 'NoSuchKey', 404)) return undefined;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: this.#prefix + prefix,
          ContinuationToken: token,
          MaxKeys: this.#pageSize,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key) yield object.Key.slice(this.#prefix.length);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async #putIfNoneMatch(key: string, body: Buffer): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#prefix + key,
        Body: body,
        IfNoneMatch: '*',
      }),
    );
  }
}

/**
 * The S3 store configured under `tfpilot.storage.s3`. Without static keys
 * the SDK's default chain applies (environment, profile, instance role).
 */
export function s3ObjectStoreFromConfig(config: Config): S3ObjectStore {
  const s3 = config.getOptionalConfig('tfpilot.storage.s3');
  const bucket = s3?.getOptionalString('bucket');
  if (!s3 || !bucket) {
    throw new InputError(
      'tfpilot.storage.s3.bucket: required when tfpilot.storage.type is s3',
    );
  }
  const accessKeyId = s3.getOptionalString('accessKeyId');
  const secretAccessKey = s3.getOptionalString('secretAccessKey');
  if (!accessKeyId !== !secretAccessKey) {
    throw new InputError(
      'tfpilot.storage.s3.accessKeyId and secretAccessKey: set both or neither',
    );
  }
  const client = new S3Client({
    region: s3.getOptionalString('region'),
    endpoint: s3.getOptionalString('endpoint'),
    forcePathStyle: s3.getOptionalBoolean('forcePathStyle'),
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey }
        : undefined,
  });
  return new S3ObjectStore({
    client,
    bucket,
    prefix: s3.getOptionalString('prefix'),
  });
}
