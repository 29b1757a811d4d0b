import {
  decodeValue,
  literalText,
  splitTemplate,
  TemplateSyntaxError,
  templateText,
  wholeExpression,
} from './template';

describe('splitTemplate', () => {
  it('separates literal text, interpolations and directives', () => {
    expect(splitTemplate('a ${var.x} b %{ if y }c%{ endif }')).toEqual([
      { kind: 'literal', text: 'a ' },
      { kind: 'interpolation', source: 'var.x' },
      { kind: 'literal', text: ' b ' },
      { kind: 'directive', source: ' if y ' },
      { kind: 'literal', text: 'c' },
      { kind: 'directive', source: ' endif ' },
    ]);
  });

  it('resolves the escapes $${ and %%{ into literal text', () => {
    expect(splitTemplate('$${x} %%{y} $$ %')).toEqual([
      { kind: 'literal', text: '${x} %{y} $$ %' },
    ]);
  });

  it('finds the closing brace past braces in strings, objects, heredocs and comments', () => {
    expect(wholeExpression('${var.a != "}"}')).toBe('var.a != "}"');
    expect(wholeExpression('${{ a = "}" }["a"]}')).toBe('{ a = "}" }["a"]');
    expect(wholeExpression('${"${var.a}}" == "x"}')).toBe('"${var.a}}" == "x"');
    expect(wholeExpression('${f( # a } here\n 1)}')).toBe('f( # a } here\n 1)');
    expect(wholeExpression('${f(/* } */ 1)}')).toBe('f(/* } */ 1)');
    expect(wholeExpression('${trimspace(<<EOT\n}\nEOT\n)}')).toBe(
      'trimspace(<<EOT\n}\nEOT\n)',
    );
  });

  it('rejects templates it cannot follow', () => {
    expect(() => splitTemplate('${var.a')).toThrow(TemplateSyntaxError);
    expect(() => splitTemplate('${f(]}')).toThrow(TemplateSyntaxError);
    expect(() => splitTemplate('${"abc}')).toThrow(TemplateSyntaxError);
  });
});

describe('wholeExpression', () => {
  it('unwraps a template that is exactly one interpolation', () => {
    expect(wholeExpression('${map(string)}')).toBe('map(string)');
    expect(wholeExpression('${ length(var.x) > 0 }')).toBe('length(var.x) > 0');
  });

  it('refuses anything else', () => {
    expect(wholeExpression('string')).toBeUndefined();
    expect(wholeExpression('${a}-${b}')).toBeUndefined();
    expect(wholeExpression('${a}x')).toBeUndefined();
    expect(wholeExpression('$${a}')).toBeUndefined();
  });
});

describe('literalText and templateText', () => {
  it('give the text of a template without interpolations', () => {
    expect(literalText('The $${x} %%{y}')).toBe('The ${x} %{y}');
    expect(literalText('The ${var.x} is bad')).toBeUndefined();
    expect(templateText('The ${var.x} is bad')).toBe('The ${var.x} is bad');
    expect(templateText('plain')).toBe('plain');
  });
});

describe('decodeValue', () => {
  it('unescapes every string of a literal value, keys included', () => {
    expect(
      decodeValue({ '$${k}': ['$${v}', 1, true, null, { n: 1.5 }] }),
    ).toEqual({
      value: { '${k}': ['${v}', 1, true, null, { n: 1.5 }] },
      isExpression: false,
    });
  });

  it('keeps a value with an expression in Terraform JSON syntax', () => {
    expect(decodeValue({ a: '${60 * 60}', b: '$${x}' })).toEqual({
      value: { a: '${60 * 60}', b: '$${x}' },
      isExpression: true,
    });
    expect(decodeValue('${[for x in [1] : x]}')).toEqual({
      value: '${[for x in [1] : x]}',
      isExpression: true,
    });
  });

  it('treats an unreadable template as an expression', () => {
    expect(decodeValue('${oops')).toEqual({
      value: '${oops',
      isExpression: true,
    });
  });
});
