import { parseTypeExpression, TypeExpressionError } from './typeExpression';

const spec = (source: string) => parseTypeExpression(source).spec;

describe('parseTypeExpression', () => {
  it('reads primitives, any and collections', () => {
    expect(spec('string')).toEqual({ kind: 'string' });
    expect(spec('number')).toEqual({ kind: 'number' });
    expect(spec('bool')).toEqual({ kind: 'bool' });
    expect(spec('any')).toEqual({ kind: 'any' });
    expect(spec('list(string)')).toEqual({
      kind: 'list',
      element: { kind: 'string' },
    });
    expect(spec('set( map ( number ) )')).toEqual({
      kind: 'set',
      element: { kind: 'map', element: { kind: 'number' } },
    });
  });

  it('reads the legacy bare collection keywords as collections of any', () => {
    expect(spec('list')).toEqual({ kind: 'list', element: { kind: 'any' } });
    expect(spec('map')).toEqual({ kind: 'map', element: { kind: 'any' } });
  });

  it('reads tuples', () => {
    expect(spec('tuple([string, number,])')).toEqual({
      kind: 'tuple',
      elements: [{ kind: 'string' }, { kind: 'number' }],
    });
    expect(spec('tuple([])')).toEqual({ kind: 'tuple', elements: [] });
  });

  it('reads objects in the order written, with commas, line breaks and comments', () => {
    const parsed = parseTypeExpression(`object({
      # the name
      name = string, // trailing comment
      /* a block
         comment */ size: number
      "quoted-key" = bool
    })`);
    expect(parsed.defaults).toEqual([]);
    expect(parsed.spec).toEqual({
      kind: 'object',
      attributes: [
        {
          name: 'name',
          type: { kind: 'string' },
          optional: false,
          default: null,
          hasDefault: false,
          defaultIsExpression: false,
        },
        {
          name: 'size',
          type: { kind: 'number' },
          optional: false,
          default: null,
          hasDefault: false,
          defaultIsExpression: false,
        },
        {
          name: 'quoted-key',
          type: { kind: 'bool' },
          optional: false,
          default: null,
          hasDefault: false,
          defaultIsExpression: false,
        },
      ],
    });
  });

  it('collects the source of optional() defaults for later evaluation', () => {
    const parsed = parseTypeExpression(
      'object({ a = optional(string), b = optional(map(string), { x = ")" }), c = optional(list(number), [1, 2]) })',
    );
    expect(parsed.defaults.map(d => d.source)).toEqual([
      '{ x = ")" }',
      '[1, 2]',
    ]);
    parsed.defaults[0].resolve({ x: ')' }, false);
    parsed.defaults[1].resolve('${[1, 2]}', true);
    expect(parsed.spec).toEqual({
      kind: 'object',
      attributes: [
        {
          name: 'a',
          type: { kind: 'string' },
          optional: true,
          default: null,
          hasDefault: false,
          defaultIsExpression: false,
        },
        {
          name: 'b',
          type: { kind: 'map', element: { kind: 'string' } },
          optional: true,
          default: { x: ')' },
          hasDefault: true,
          defaultIsExpression: false,
        },
        {
          name: 'c',
          type: { kind: 'list', element: { kind: 'number' } },
          optional: true,
          default: '${[1, 2]}',
          hasDefault: true,
          defaultIsExpression: true,
        },
      ],
    });
  });

  it.each([
    ['strin', 'unknown type "strin"'],
    ['list(string', 'expected ")" but found the end of the type'],
    ['string string', 'unexpected "string" after the type'],
    ['optional(string)', 'optional() is only allowed for object attributes'],
    ['object({ a = string, a = number })', 'attribute "a" is declared twice'],
    ['object({ a })', 'expected ":" but found "})"'],
    ['tuple(string)', 'expected "[" but found "string)"'],
    ['', 'expected a type but found the end of the type'],
    ['map(/* string', 'unterminated comment'],
  ])('rejects %j: %s', (source, message) => {
    expect(() => parseTypeExpression(source)).toThrow(
      new TypeExpressionError(message),
    );
  });
});
