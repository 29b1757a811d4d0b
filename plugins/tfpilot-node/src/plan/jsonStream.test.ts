import {
  BUILD,
  ContainerHandler,
  JsonSyntaxError,
  PEEK,
  SelectiveJsonParser,
  Selection,
  SKIP,
} from './jsonStream';

/** Feeds `bytes` in chunks of `size` and returns what the root selection delivered. */
function parse(
  input: string | Buffer,
  root: Selection = BUILD,
  size = Infinity,
): unknown {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const parser = new SelectiveJsonParser(root);
  const step = Math.min(size, Math.max(bytes.length, 1));
  for (let at = 0; at < bytes.length; at += step) {
    parser.write(bytes.subarray(at, at + step));
  }
  return parser.end();
}

/** The error parse throws, or undefined. */
function failure(
  input: string | Buffer,
  root: Selection = BUILD,
  size = Infinity,
): JsonSyntaxError | undefined {
  try {
    parse(input, root, size);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  return undefined;
}

const CHUNK_SIZES = [1, 2, 3, 5, 64, Infinity];

const VALID = [
  '{}',
  '[]',
  ' \t\n\r{ "a" : [ 1 , 2 , { } , [ ] ] , "b" : { "c" : null } } \n',
  '"plain"',
  '""',
  '"quote \\" and backslash \\\\ and slash \\/ \\b\\f\\n\\r\\t"',
  '"\\u0041\\u00e9\\u4e2d\\uFFFF\\u0000"',
  '"pair \\ud83d\\ude00 and lone \\ud800 and \\udc00 alone"',
  '"raw multi-byte: é 中文 😀 𝄞"',
  '{"\\"key\\"": "v", "k\\u00e9y": 1, "😀": true}',
  '[0, -0, 1, -1, 10, 1.5, -0.25, 1e5, 1E5, 1e+5, 1e-5, 2.5E-3, -1.0e+10]',
  '[123456789012345678901234567890, 1e400, -1e400, 5e-400, 0.1, 9007199254740993]',
  '[true, false, null, [true], {"t": false}]',
  '{"a": 1, "a": 2, "b": {"x": 1}, "b": [3]}',
  '{"__proto__": {"polluted": true}, "constructor": 1, "toString": "x"}',
  '{"1": "a", "b": "c", "0": "d"}',
  '123',
  '-7.5e-2',
  'null',
  `{"long": "${'x'.repeat(5000)}", "escaped": "${'\\"'.repeat(2000)}"}`,
];

describe('SelectiveJsonParser', () => {
  it.each(
    VALID.map(text => [
      text.length > 80 ? `${text.slice(0, 60)}… (${text.length} bytes)` : text,
      text,
    ]),
  )('builds %s as JSON.parse does, in chunks of any size', (_, text) => {
    const expected = JSON.parse(text);
    for (const size of CHUNK_SIZES) {
      expect([size, parse(text, BUILD, size)]).toEqual([size, expected]);
    }
  });

  it('keeps __proto__ an own property and leaves prototypes alone', () => {
    const built = parse('{"__proto__": {"polluted": true}}') as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
    expect(Object.keys(built)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('decodes a surrogate pair and raw 4-byte UTF-8 split at every byte', () => {
    const text = '["\\ud83d\\ude00", "😀😀", "a\\"😀\\\\"]';
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parser = new SelectiveJsonParser(BUILD);
      parser.write(bytes.subarray(0, cut));
      parser.write(bytes.subarray(cut));
      expect([cut, parser.end()]).toEqual([cut, ['😀', '😀😀', 'a"😀\\']]);
    }
  });

  it('decodes invalid UTF-8 as Buffer#toString does (U+FFFD)', () => {
    const bytes = Buffer.concat([
      Buffer.from('["a'),
      Buffer.from([0xff, 0xe2, 0x82]),
      Buffer.from('b", "'),
      Buffer.from([0xc3]),
      Buffer.from('"]'),
    ]);
    const expected = JSON.parse(bytes.toString('utf8'));
    for (const size of CHUNK_SIZES) {
      expect(parse(bytes, BUILD, size)).toEqual(expected);
    }
  });

  it('skips nesting deeper than JSON.parse could build without recursion limits', () => {
    const depth = 200_000;
    const text = `{"skip": ${'['.repeat(depth)}${']'.repeat(
      depth,
    )}, "keep": "yes"}`;
    const kept: Record<string | number, unknown> = {};
    const root: Selection = () => ({
      member: key => (key === 'keep' ? BUILD : SKIP),
      value: (key, value) => {
        kept[key] = value;
      },
      end: () => 'done',
    });
    expect(parse(text, root, 4096)).toBe('done');
    expect(kept).toEqual({ keep: 'yes' });
    expect(
      failure(`${'['.repeat(depth)}${']'.repeat(depth - 1)}`, SKIP),
    ).toEqual(
      expect.objectContaining({
        reason: 'unexpected end of file inside an array',
      }),
    );
  });

  describe('selections', () => {
    /** Records what a handler is told, members kept as `select` says. */
    function recorder(select: (key: string | number) => Selection) {
      const seen: [string | number, unknown][] = [];
      const handler: ContainerHandler = {
        member: select,
        value: (key, value) => {
          seen.push([key, value]);
        },
        end: () => 'end',
      };
      return { seen, root: () => handler };
    }

    const DOC =
      '{"s": "text", "n": 1.5, "b": false, "z": null, "o": {"x": [1]}, "a": [1, {"y": 2}], "big": {"deep": [[["\\"]"]]]}}';

    it('SKIP drops members, PEEK keeps scalars and hands over {} / []', () => {
      const skip = recorder(() => SKIP);
      expect(parse(DOC, skip.root, 3)).toBe('end');
      expect(skip.seen).toEqual([]);

      const peek = recorder(() => PEEK);
      parse(DOC, peek.root, 3);
      expect(peek.seen).toEqual([
        ['s', 'text'],
        ['n', 1.5],
        ['b', false],
        ['z', null],
        ['o', {}],
        ['a', []],
        ['big', {}],
      ]);
    });

    it('descends into the members it is asked to, with array indexes', () => {
      const inner = recorder(() => BUILD);
      const outer = recorder(key => (key === 'a' ? inner.root : SKIP));
      parse(DOC, outer.root, 2);
      expect(inner.seen).toEqual([
        [0, 1],
        [1, { y: 2 }],
      ]);
      expect(outer.seen).toEqual([['a', 'end']]);
    });

    it('hands over a scalar where it meant to descend, and PEEKs when the handler declines', () => {
      const root = recorder(() => () => undefined);
      parse('{"s": "x", "o": {"a": 1}, "l": [2]}', root.root, 1);
      expect(root.seen).toEqual([
        ['s', 'x'],
        ['o', {}],
        ['l', []],
      ]);
    });

    it('counts array indexes past skipped elements', () => {
      const list = recorder(index => (index === 1 ? SKIP : BUILD));
      parse('["a", {"skipped": [1, 2]}, "c", 4]', list.root, 1);
      expect(list.seen).toEqual([
        [0, 'a'],
        [2, 'c'],
        [3, 4],
      ]);
    });
  });

  describe('errors', () => {
    const INVALID: [string, number][] = [
      ['{"a":1,}', 7],
      ['[1,]', 3],
      ['[,1]', 1],
      ['{,}', 1],
      ['01', 1],
      ['[01]', 2],
      ['1.', 2],
      ['1.e5', 2],
      ['.5', 0],
      ['-', 1],
      ['-a', 1],
      ['1e', 2],
      ['1e+', 3],
      ['+1', 0],
      ['"\u0001"', 1],
      ['"tab\there"', 4],
      ['"\\x"', 2],
      ['"\\u12G4"', 5],
      ['"\\u12"', 5],
      ['tru', 3],
      ['trux', 3],
      ['nul', 3],
      ['True', 0],
      ['{"a" 1}', 5],
      ['{1:2}', 1],
      ["{'a':1}", 1],
      ['[1 2]', 3],
      ['{"a":1}}', 7],
      ['{"a":1} {"b":2}', 8],
      ['[}', 1],
      ['{]', 1],
      ['[1}', 2],
      ['{"a":1]', 6],
      ['"unterminated', 13],
      ['{"a":', 5],
      ['[', 1],
      ['NaN', 0],
      ['Infinity', 0],
      ['[-Infinity]', 2],
      ['{"a":undefined}', 5],
    ];

    it.each(INVALID)(
      'rejects %j at byte %d, as JSON.parse rejects it',
      (text, at) => {
        expect(() => JSON.parse(text)).toThrow(SyntaxError);
        for (const size of CHUNK_SIZES) {
          for (const root of [BUILD, SKIP, PEEK] as Selection[]) {
            expect([size, failure(text, root, size)?.offset]).toEqual([
              size,
              at,
            ]);
          }
        }
      },
    );

    it('says what it expected without quoting the input', () => {
      const secret = '{"password": "hunter2" "next": 1}';
      const error = failure(secret);
      expect(error?.message).toBe(
        "unexpected '\"' (expected ',' or '}') at byte 23",
      );
      expect(error?.message).not.toContain('hunter2');
      expect(failure('{"a":1} trailing')?.message).toBe(
        'unexpected data after the JSON document at byte 8',
      );
      expect(failure('"abc')?.message).toBe(
        'unexpected end of file inside a string at byte 4',
      );
      expect(failure('{"a":[1,2')?.message).toBe(
        'unexpected end of file inside an array at byte 9',
      );
      expect(failure(Buffer.from([0x5b, 0xc3, 0xa9]))?.message).toBe(
        "unexpected byte 0xc3 (expected a value or ']') at byte 1",
      );
    });

    it('reports an empty input as empty, and NUL bytes as such', () => {
      expect(failure('')?.reason).toBe('the file is empty');
      expect(failure(' \n\t ')?.reason).toBe('the file is empty');
      expect(failure('{"a":"\u0000"}')).toEqual(
        expect.objectContaining({ nul: true, offset: 6 }),
      );
      expect(failure('[1]\u0000')).toEqual(
        expect.objectContaining({ nul: true, offset: 3 }),
      );
    });

    it('counts offsets from the start it is given', () => {
      const parser = new SelectiveJsonParser(BUILD, { offset: 3 });
      parser.write(Buffer.from('{"a":'));
      expect(() => parser.write(Buffer.from('}'))).toThrow(
        "unexpected '}' (expected a value) at byte 8",
      );
    });
  });
});
