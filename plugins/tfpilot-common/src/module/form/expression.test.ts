import { ExpressionSyntaxError, parseExpression } from './expression';

describe('parseExpression', () => {
  it('parses calls, tuples, references and string escapes', () => {
    expect(parseExpression('can(regex("^\\\\d{3}$", var.code))')).toEqual({
      kind: 'call',
      name: 'can',
      args: [
        {
          kind: 'call',
          name: 'regex',
          args: [
            { kind: 'literal', value: '^\\d{3}$' },
            { kind: 'ref', root: 'var', traversal: ['code'] },
          ],
        },
      ],
    });
  });

  it('gives || the loosest and comparisons a tighter binding than &&', () => {
    expect(
      parseExpression('var.a == null || var.a >= 7 && var.a <= 90'),
    ).toEqual({
      kind: 'binary',
      op: '||',
      left: {
        kind: 'binary',
        op: '==',
        left: { kind: 'ref', root: 'var', traversal: ['a'] },
        right: { kind: 'literal', value: null },
      },
      right: {
        kind: 'binary',
        op: '&&',
        left: expect.objectContaining({ op: '>=' }),
        right: expect.objectContaining({ op: '<=' }),
      },
    });
  });

  it('parses conditionals, unary operators and multi-line for expressions', () => {
    const expr = parseExpression(`alltrue(
      [
        # every key
        for _, v in var.keys : v.lock == null ? true : !contains(["a"], v.lock["kind"])
      ]
    )`);
    expect(expr).toMatchObject({
      kind: 'call',
      name: 'alltrue',
      args: [
        {
          kind: 'for',
          keyName: '_',
          valueName: 'v',
          collection: { kind: 'ref', root: 'var', traversal: ['keys'] },
          filtered: false,
          body: {
            kind: 'conditional',
            otherwise: {
              kind: 'unary',
              op: '!',
              operand: {
                kind: 'call',
                args: [
                  { kind: 'tuple' },
                  { kind: 'ref', root: 'v', traversal: ['lock', 'kind'] },
                ],
              },
            },
          },
        },
      ],
    });
  });

  it('reads identifiers with dashes, as HCL does, and negative numbers', () => {
    expect(parseExpression('var.my-var > -1.5e2')).toEqual({
      kind: 'binary',
      op: '>',
      left: { kind: 'ref', root: 'var', traversal: ['my-var'] },
      right: {
        kind: 'unary',
        op: '-',
        operand: { kind: 'literal', value: 150 },
      },
    });
  });

  it.each([
    ['"${var.x}" == "a"', 'template'],
    ['{ a = 1 }', 'object constructor'],
    ['var.list[*].id', 'splat'],
    ['f(var.args...)', 'expansion'],
    ['var.x ==', 'incomplete'],
    ['"unterminated', 'unterminated string'],
    ['var.x @ 1', 'unknown character'],
    ['var.x[var.i]', 'computed index'],
  ])('refuses %s (%s)', text => {
    expect(() => parseExpression(text)).toThrow(ExpressionSyntaxError);
  });

  it('keeps escaped template markers as text', () => {
    expect(parseExpression('"$${literal} %%{x}"')).toEqual({
      kind: 'literal',
      value: '${literal} %{x}',
    });
  });
});
