// Crockford base32, lower case: sortable, URL- and key-safe, no I, L, O, U.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Request ids: 10 characters of time, 16 of randomness (ULID layout). */
export const REQUEST_ID_PATTERN = /^[0-9abcdefghjkmnpqrstvwxyz]{26}$/;

/** Run ids come from executors (GitHub run ids, local run ids). */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID_PATTERN.test(value);
}

export function isRunId(value: unknown): value is string {
  return typeof value === 'string' && RUN_ID_PATTERN.test(value);
}

/** Largest timestamp a request id can hold: 48 bits of milliseconds, as in ULID. */
export const MAX_REQUEST_ID_TIME = 2 ** 48 - 1;

/**
 * A new request id; ids created later sort after earlier ones.
 * `now` is in milliseconds since the epoch; fractions are dropped. Throws a
 * RangeError for a time an id cannot encode (negative, not finite, or past
 * {@link MAX_REQUEST_ID_TIME}) rather than making an id that sorts wrongly.
 */
export function newRequestId(now: number = Date.now()): string {
  if (!Number.isFinite(now) || now < 0 || now > MAX_REQUEST_ID_TIME) {
    throw new RangeError(
      `cannot make a request id for time ${now}: expected milliseconds between 0 and ${MAX_REQUEST_ID_TIME}`,
    );
  }
  let time = '';
  let t = Math.floor(now);
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const random = [...bytes].map(b => ALPHABET[b % 32]).join('');
  return time + random;
}
