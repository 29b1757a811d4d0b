import { ConflictError } from '@backstage/errors';

/**
 * The system of record: request revisions, lifecycle events, run artifacts.
 * Keys come only from {@link ./keys}; implementations never see user text.
 */
export interface ObjectStore {
  /**
   * Writes `key` unless it exists. Writing the same bytes again is a no-op
   * ('unchanged'), so retries are idempotent; different bytes under an
   * existing key throw a ConflictError from @backstage/errors.
   */
  putIfAbsent(key: string, body: Buffer): Promise<'created' | 'unchanged'>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Every key under `prefix` (which ends with '/'), in lexicographic order. */
  list(prefix: string): AsyncIterable<string>;
}

/**
 * The put-if-absent rule when the key exists: the same bytes are a retry
 * ('unchanged'); different bytes are a conflict.
 */
export function sameOrConflict(
  key: string,
  body: Buffer,
  existing: Buffer,
): 'unchanged' {
  if (existing.equals(body)) return 'unchanged';
  throw new ConflictError(
    `object ${key} already exists with different content`,
  );
}
