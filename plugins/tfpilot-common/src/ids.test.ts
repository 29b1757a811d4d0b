import fc from 'fast-check';
import {
  isRequestId,
  isRunId,
  MAX_REQUEST_ID_TIME,
  newRequestId,
  REQUEST_ID_PATTERN,
  RUN_ID_PATTERN,
} from './ids';

// Property runs are CPU-bound; leave room on a busy machine.
jest.setTimeout(60_000);

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** The millisecond timestamp held in the first ten characters of an id. */
function decodeTime(id: string): number {
  let time = 0;
  for (const char of id.slice(0, 10)) {
    const digit = CROCKFORD.indexOf(char);
    expect(digit).toBeGreaterThanOrEqual(0);
    time = time * 32 + digit;
  }
  return time;
}

const timestamp = fc.integer({ min: 0, max: MAX_REQUEST_ID_TIME });

describe('newRequestId', () => {
  it('makes 26 lower-case Crockford base32 characters', () => {
    const id = newRequestId();
    expect(id).toMatch(REQUEST_ID_PATTERN);
    expect(id).toMatch(/^[0-9a-z]{26}$/);
    expect(id).not.toMatch(/[ilou]/);
    expect(isRequestId(id)).toBe(true);
  });

  it('encodes the creation time in the first ten characters', () => {
    const before = Date.now();
    const id = newRequestId();
    const after = Date.now();
    expect(decodeTime(id)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(id)).toBeLessThanOrEqual(after);
    expect(decodeTime(newRequestId(1_700_000_000_123))).toBe(1_700_000_000_123);
    expect(newRequestId(0).slice(0, 10)).toBe('0000000000');
    expect(newRequestId(MAX_REQUEST_ID_TIME).slice(0, 10)).toBe('7zzzzzzzzz');
  });

  it('matches the pattern and keeps the time for any timestamp', () => {
    fc.assert(
      fc.property(timestamp, now => {
        const id = newRequestId(now);
        expect(id).toMatch(REQUEST_ID_PATTERN);
        expect(decodeTime(id)).toBe(now);
      }),
    );
  });

  it('sorts ids made later after ids made earlier', () => {
    fc.assert(
      fc.property(timestamp, timestamp, (a, b) => {
        fc.pre(a !== b);
        const [earlier, later] = a < b ? [a, b] : [b, a];
        expect(newRequestId(earlier) < newRequestId(later)).toBe(true);
      }),
    );
  });

  it('puts any set of ids in creation order when sorted as strings', () => {
    fc.assert(
      fc.property(fc.array(timestamp, { maxLength: 50 }), times => {
        const ids = times.map(t => ({ t, id: newRequestId(t) }));
        const byId = [...ids].sort((x, y) => (x.id < y.id ? -1 : 1));
        for (let i = 1; i < byId.length; i++) {
          expect(byId[i - 1].t).toBeLessThanOrEqual(byId[i].t);
        }
      }),
    );
  });

  it('makes 1000 distinct ids, even within one millisecond', () => {
    const now = Date.now();
    const ids = Array.from({ length: 1000 }, () => newRequestId(now));
    expect(new Set(ids).size).toBe(1000);
    const random = ids.map(id => id.slice(10)).join('');
    // 16 000 random characters use the whole alphabet.
    expect(new Set(random).size).toBe(32);
  });

  it('drops fractions of a millisecond', () => {
    expect(newRequestId(1234.9).slice(0, 10)).toBe(
      newRequestId(1234).slice(0, 10),
    );
    expect(newRequestId(1234.9)).toMatch(REQUEST_ID_PATTERN);
  });

  it('refuses times it cannot encode instead of making a broken id', () => {
    for (const bad of [
      -1,
      -0.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      MAX_REQUEST_ID_TIME + 1,
      Number.MAX_SAFE_INTEGER,
    ]) {
      expect(() => newRequestId(bad)).toThrow(RangeError);
    }
  });
});

describe('isRequestId', () => {
  it('rejects anything but a well-formed id', () => {
    const good = newRequestId();
    for (const bad of [
      '',
      good.slice(1),
      `${good}0`,
      good.toUpperCase(),
      `${good.slice(0, 25)}i`,
      `${good.slice(0, 25)}l`,
      `${good.slice(0, 25)}o`,
      `${good.slice(0, 25)}u`,
      `${good.slice(0, 25)}-`,
      `${good}\n`,
      `../${good.slice(3)}`,
    ]) {
      expect(isRequestId(bad)).toBe(false);
    }
    for (const notString of [undefined, null, 42, {}, [good]]) {
      expect(isRequestId(notString)).toBe(false);
    }
  });

  it('accepts only strings of 26 id characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), s => {
        expect(isRequestId(s)).toBe(/^[0-9a-hjkmnp-tv-z]{26}$/.test(s));
      }),
    );
  });
});

describe('isRunId', () => {
  it('accepts GitHub and local run ids', () => {
    for (const good of [
      '16061372466',
      '1',
      'local-1a2b3c',
      'run_42',
      'A'.repeat(64),
    ]) {
      expect(isRunId(good)).toBe(true);
    }
  });

  it('rejects hostile strings', () => {
    for (const bad of [
      '',
      '../x',
      '..',
      'a/b',
      'a\\b',
      'a b',
      ' 1',
      '1 ',
      '1\n',
      '\n1',
      '1\u0000',
      '-1',
      '_1',
      'a'.repeat(65),
      '1'.repeat(1000),
      'ｒun',
      'ümlaut',
      'run-🚀',
      'ᛗ',
      '١٢٣',
      '1;rm -rf',
      '%2e%2e',
      '$(id)',
    ]) {
      expect({ bad, ok: isRunId(bad) }).toEqual({ bad, ok: false });
    }
    for (const notString of [
      16061372466,
      undefined,
      null,
      ['1'],
      { id: '1' },
    ]) {
      expect(isRunId(notString)).toBe(false);
    }
  });

  it('accepts only 1 to 64 characters of letters, digits, _ and -', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.string({ maxLength: 80 }),
          fc.stringMatching(RUN_ID_PATTERN),
        ),
        s => {
          const expected =
            s.length >= 1 &&
            s.length <= 64 &&
            /^[A-Za-z0-9]/.test(s) &&
            [...s].every(c => /^[A-Za-z0-9_-]$/.test(c));
          expect(isRunId(s)).toBe(expected);
        },
      ),
    );
  });
});
