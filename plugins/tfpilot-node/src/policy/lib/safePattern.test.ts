import {
  boundedTest,
  compileSafePattern,
  MAX_MATCHED_LENGTH,
  MAX_PATTERN_LENGTH,
  probeStrings,
  testValue,
  UnsafePatternError,
} from './safePattern';

describe('compileSafePattern', () => {
  it('anchors the pattern: it must match the whole value', () => {
    const pattern = compileSafePattern('[a-z]+');
    expect(testValue(pattern, 'abc')).toBe('match');
    expect(testValue(pattern, 'abc1')).toBe('no-match');
    // Alternatives stay inside the anchors.
    const either = compileSafePattern('a|b');
    expect(testValue(either, 'ab')).toBe('no-match');
  });

  it('refuses invalid patterns with the engine reason', () => {
    expect(() => compileSafePattern('(')).toThrow(
      new UnsafePatternError(
        'not a valid regular expression: Unterminated group',
      ),
    );
    // The u flag is strict about escapes.
    expect(() => compileSafePattern('\\-x')).toThrow(
      /not a valid regular expression/,
    );
  });

  it('refuses patterns longer than the cap', () => {
    expect(() =>
      compileSafePattern('a'.repeat(MAX_PATTERN_LENGTH + 1)),
    ).toThrow(`longer than ${MAX_PATTERN_LENGTH} characters`);
    expect(() =>
      compileSafePattern('a'.repeat(MAX_PATTERN_LENGTH)),
    ).not.toThrow();
  });

  it.each([
    '(a+)+',
    '([a-z0-9]+-?)+',
    '(\\w+\\s?)+',
    '(a|aa)+',
    '(\\d+)*',
    '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
  ])('refuses the backtracking pattern %s', source => {
    const started = Date.now();
    // A small budget keeps the test quick: these never finish anyway.
    expect(() => compileSafePattern(source, 100)).toThrow(/too slow.*ReDoS/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a polynomial pattern within the default budget', () => {
    expect(() => compileSafePattern('[a-z]*[a-z]*[a-z]*x')).toThrow(
      'too slow: it backtracks on long inputs (possible ReDoS) and needed over 1000 ms for the 1024-character probes; avoid nested quantifiers such as (a+)+ and overlapping alternatives such as (a|a)*',
    );
  });

  it.each([
    '^[a-z][a-z0-9-]{2,62}$',
    '[a-z0-9]+(-[a-z0-9]+)*',
    '^cc-[0-9]{4}$',
    '.*',
    '[^/]+(/[^/]+)*',
  ])('accepts the linear pattern %s', source => {
    expect(() => compileSafePattern(source)).not.toThrow();
  });
});

describe('probeStrings', () => {
  it('builds long runs of the pattern characters ending in a breaker', () => {
    const probes = probeStrings('x+');
    expect(probes).toContain(`${'x'.repeat(MAX_MATCHED_LENGTH - 1)}!`);
    expect(probes.every(p => p.length <= MAX_MATCHED_LENGTH + 1)).toBe(true);
  });
});

describe('bounded matching', () => {
  it('stops a slow match at the timeout and says so', () => {
    const started = Date.now();
    expect(boundedTest(/^(a+)+$/, `${'a'.repeat(40)}!`, 20)).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses values above the matched length without matching', () => {
    const pattern = compileSafePattern('.*');
    expect(testValue(pattern, 'x'.repeat(MAX_MATCHED_LENGTH))).toBe('match');
    expect(testValue(pattern, 'x'.repeat(MAX_MATCHED_LENGTH + 1))).toBe(
      'too-long',
    );
  });

  it('does not keep state between matches', () => {
    const pattern = compileSafePattern('[a-z]+');
    expect(testValue(pattern, 'abc')).toBe('match');
    expect(testValue(pattern, 'abc')).toBe('match');
  });
});
