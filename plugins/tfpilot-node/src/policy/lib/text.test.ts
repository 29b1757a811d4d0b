import {
  cut,
  describeNonAscii,
  describeType,
  formatList,
  formatTarget,
  oneLine,
  quote,
} from './text';

describe('quote', () => {
  it('shows short ASCII values as JSON strings', () => {
    expect(quote('bucket-1')).toBe('"bucket-1"');
  });

  it('escapes control and non-ASCII characters, so look-alikes show', () => {
    expect(quote('b\u0430d')).toBe('"b\\u0430d"');
    expect(quote('a\nb\u202e')).toBe('"a\\nb\\u202e"');
  });

  it('cuts long values after 100 characters and gives the length', () => {
    const shown = quote('x'.repeat(5_000_000));
    expect(shown).toBe(`"${'x'.repeat(100)}"… (5000000 characters)`);
  });

  it('never splits a surrogate pair', () => {
    const shown = quote('😀'.repeat(150));
    expect(shown).toBe(`"${'\\ud83d\\ude00'.repeat(100)}"… (300 characters)`);
  });
});

describe('describeType', () => {
  it.each([
    [null, 'null'],
    [[], 'an array'],
    [{}, 'an object'],
    [1, 'a number'],
    [true, 'a boolean'],
    [undefined, 'undefined'],
    ['s', 'a string'],
  ])('%p is %s', (value, text) => {
    expect(describeType(value)).toBe(text);
  });
});

describe('describeNonAscii', () => {
  it('names the first non-ASCII code point and its position', () => {
    expect(describeNonAscii('pay\u0440al')).toBe(
      'contains non-ASCII characters (first: U+0440 at position 4), which may be look-alikes of ASCII letters',
    );
  });
});

describe('formatTarget', () => {
  it('joins plain keys with dots and indexes with brackets', () => {
    expect(formatTarget('inputs', 'tags', 'cost-center')).toBe(
      'inputs.tags.cost-center',
    );
    expect(formatTarget('inputs', 'regions', 1)).toBe('inputs.regions[1]');
  });

  it('quotes and cuts keys that are not plain names', () => {
    expect(formatTarget('inputs', 'tags', 'a.b')).toBe('inputs.tags["a.b"]');
    expect(
      formatTarget('inputs', 'tags', 'k'.repeat(10_000)).length,
    ).toBeLessThan(120);
  });
});

describe('formatList and oneLine', () => {
  it('bounds lists', () => {
    expect(formatList(['a', 'b'])).toBe('a, b');
    expect(formatList(Array.from({ length: 12 }, (_, i) => `r${i}`))).toBe(
      'r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, … (12 in all)',
    );
  });

  it('cuts targets without touching their text', () => {
    expect(cut('a  b', 10)).toBe('a  b');
    expect(cut('abcdef', 4)).toBe('abc…');
    expect(cut('ab😀d', 4)).toBe('ab…');
  });

  it('flattens and cuts text', () => {
    expect(oneLine('a\n\n b')).toBe('a b');
    expect(oneLine('x'.repeat(1000), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
