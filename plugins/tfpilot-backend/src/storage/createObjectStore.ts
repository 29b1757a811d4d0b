import { resolve } from 'node:path';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { LocalObjectStore } from './LocalObjectStore';
import { ObjectStore } from './ObjectStore';
import { s3ObjectStoreFromConfig } from './S3ObjectStore';

export const DEFAULT_LOCAL_OBJECT_DIR = './.tfpilot/objects';

/** The object store `tfpilot.storage` configures; local by default. */
export function createObjectStore(config: Config): ObjectStore {
  const type = config.getOptionalString('tfpilot.storage.type') ?? 'local';
  switch (type) {
    case 'local':
      return new LocalObjectStore({
        dir: resolve(
          process.cwd(),
          config.getOptionalString('tfpilot.storage.local.dir') ??
            DEFAULT_LOCAL_OBJECT_DIR,
        ),
        fsync:
          config.getOptionalBoolean('tfpilot.storage.local.fsync') ?? false,
      });
    case 's3':
      return s3ObjectStoreFromConfig(config);
    default:
      throw new InputError(
        `tfpilot.storage.type: unknown type ${JSON.stringify(
          type,
        )}; use local or s3`,
      );
  }
}
