import fc from 'fast-check';
import { z } from 'zod';
import {
  createRequestBodySchema,
  describeIssues,
  inputsSchema,
  LEGACY_REQUEST_API_VERSION,
  MAX_INPUTS_BYTES,
  MAX_INPUTS_DEPTH,
  parseRequestRecord,
  REQUEST_API_VERSION,
  requestRecordSchema,
  RESERVED_INPUT_NAMES,
  TfRequest,
} from './request';

// Property runs are CPU-bound; leave room on a busy machine.
jest.setTimeout(60_000);

type ParsedBody = z.output<typeof createRequestBodySchema>;

/**
 * What may ever be stored, written down independently of request.ts: any
 * accepted body must fit these.
 */
const STORABLE = {
  moduleName: /^[a-z0-9][a-z0-9-]{0,62}$/,
  moduleVersion: /^\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,64})?$/,
  environment: /^[a-z][a-z0-9-]{0,31}$/,
  entityRef:
    /^[A-Za-z][A-Za-z0-9-]{0,62}:(?:[a-z0-9][a-z0-9._-]{0,62}\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/,
  inputName: /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/,
};

const validBody = () => ({
  module: { name: 'object-bucket', version: '1.0.0' },
  environment: 'dev',
  inputs: { name: 'x', tags: { owner: 'a' } },
  entityRef: 'component:default/checkout',
});

const ID = '01j9zq3k8m4n5p6r7s8t9v0w1x';
const OTHER_ID = '01j9zq2a1b2c3d4e5f6g7h8j9k';

const validRecord = (): TfRequest => ({
  apiVersion: REQUEST_API_VERSION,
  id: ID,
  module: { name: 'object-bucket', version: '1.2.0-rc.1' },
  environment: 'stage',
  inputs: { name: 'x', tags: { owner: 'a' }, sizes: [1, 2.5, null, true] },
  entityRef: 'component:default/checkout',
  owner: 'user:default/jane.doe',
  templateRef: 'template:default/object-bucket',
  promotedFrom: OTHER_ID,
  revision: 3,
  status: 'planned',
  createdAt: '2025-06-30T10:00:00Z',
  updatedAt: '2025-06-30T10:05:12.345Z',
  runs: [
    {
      runId: '16061372466',
      operation: 'plan',
      status: 'succeeded',
      executor: 'github',
      startedAt: '2025-06-30T10:01:00Z',
      finishedAt: '2025-06-30T10:05:00Z',
      url: 'https://github.com/acme/infra/actions/runs/16061372466',
    },
  ],
  drift: { state: 'unknown' },
  event: {
    requestId: ID,
    seq: 3,
    type: 'planned',
    from: 'planning',
    to: 'planned',
    actor: 'executor:github',
    runId: '16061372466',
    at: '2025-06-30T10:05:12.345Z',
    details: { resources: 2 },
  },
});

const legacyRecord = () => ({
  apiVersion: LEGACY_REQUEST_API_VERSION,
  id: ID,
  module: 'object-bucket@1.0.0',
  environment: 'dev',
  inputs: { name: 'x' },
  entityRef: 'component:default/checkout',
  owner: 'user:default/jane',
  revision: 2,
  state: 'awaiting_approval',
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-02T00:00:00Z',
});

function attempt<T>(run: () => T): { value: T } | { error: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

function issuesOf(input: unknown): z.core.$ZodIssue[] {
  const result = createRequestBodySchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error?.issues ?? [];
}

function messageOf(input: unknown): string {
  const result = createRequestBodySchema.safeParse(input);
  if (result.success) {
    throw new Error('expected the body to be rejected');
  }
  return describeIssues(result.error);
}

/** Levels of nesting under `inputs`: a scalar right under it is at depth 1. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) {
    return 0;
  }
  const children = Object.values(value);
  return children.length === 0 ? 0 : 1 + Math.max(...children.map(depthOf));
}

/** A value whose innermost scalar sits `depth` levels under `inputs`. */
function nestedValue(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 1; level < depth; level++) {
    value = level % 2 ? [value] : { deeper: value };
  }
  return value;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Everything an accepted body must satisfy before it can be stored. */
function expectStorable(body: ParsedBody) {
  expect(createRequestBodySchema.parse(body)).toEqual(body);
  // Stored as JSON and read back, it serialises the same (-0 becomes 0).
  expect(JSON.stringify(JSON.parse(JSON.stringify(body)))).toBe(
    JSON.stringify(body),
  );
  expect(body.module.name).toMatch(STORABLE.moduleName);
  expect(body.module.version).toMatch(STORABLE.moduleVersion);
  expect(body.environment).toMatch(STORABLE.environment);
  expect(body.entityRef).toMatch(STORABLE.entityRef);
  if (body.templateRef !== undefined) {
    expect(body.templateRef).toMatch(STORABLE.entityRef);
  }
  expect(Object.getPrototypeOf(body.inputs)).toBe(Object.prototype);
  for (const key of Object.keys(body.inputs)) {
    expect(key).toMatch(STORABLE.inputName);
    expect(RESERVED_INPUT_NAMES).not.toContain(key);
  }
  expect(utf8Bytes(JSON.stringify(body.inputs))).toBeLessThanOrEqual(
    MAX_INPUTS_BYTES,
  );
  expect(depthOf(body.inputs)).toBeLessThanOrEqual(MAX_INPUTS_DEPTH);
  // The request made from it is a valid stored record.
  const record = {
    ...validRecord(),
    module: body.module,
    environment: body.environment,
    inputs: body.inputs,
    entityRef: body.entityRef,
    templateRef: body.templateRef,
  };
  expect(requestRecordSchema.parse(record)).toEqual(record);
}

function expectNoPollution() {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(
    Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'),
  ).toBe(false);
}

/** safeParse never throws; its answer is either storable or a described ZodError. */
function expectSafeParse(input: unknown) {
  const result = createRequestBodySchema.safeParse(input);
  if (result.success) {
    expectStorable(result.data);
  } else {
    expect(result.error).toBeInstanceOf(z.ZodError);
    const described = describeIssues(result.error);
    const entries = result.error.issues.reduce(
      (n, issue) =>
        n + (issue.code === 'unrecognized_keys' ? issue.keys.length : 1),
      0,
    );
    expect(entries).toBeGreaterThan(0);
    // One line, one `path: reason` entry per problem, whatever the keys were.
    expect(described).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
    expect(described.split('; ')).toHaveLength(entries);
  }
  expectNoPollution();
}

describe('createRequestBodySchema', () => {
  it('accepts a realistic body unchanged', () => {
    const result = createRequestBodySchema.safeParse(validBody());
    expect(result.success).toBe(true);
    expect(result.data).toEqual(validBody());
    expectStorable(createRequestBodySchema.parse(validBody()));
  });

  it('accepts a template ref and realistic variations', () => {
    for (const body of [
      { ...validBody(), templateRef: 'template:default/object-bucket' },
      { ...validBody(), entityRef: 'system:payments' },
      { ...validBody(), entityRef: 'Component:team-a/Checkout_v2.web' },
      { ...validBody(), module: { name: 'vpc', version: '10.20.30-beta.1' } },
      { ...validBody(), environment: 'prod-eu-1' },
      { ...validBody(), inputs: { _private: 1, 'kebab-name': [true, null] } },
      { ...validBody(), inputs: { constructor: 'a name Terraform allows' } },
    ]) {
      expect(createRequestBodySchema.parse(body)).toEqual(body);
    }
  });

  it('defaults inputs to a new empty object on every parse', () => {
    const { inputs: _, ...withoutInputs } = validBody();
    const first = createRequestBodySchema.parse(withoutInputs);
    const second = createRequestBodySchema.parse(withoutInputs);
    expect(first.inputs).toEqual({});
    expect(first.inputs).not.toBe(second.inputs);
  });

  it('copies inputs instead of keeping the caller object', () => {
    const body = validBody();
    const parsed = createRequestBodySchema.parse(body);
    expect(parsed.inputs).not.toBe(body.inputs);
    body.inputs.name = 'changed';
    expect(parsed.inputs.name).toBe('x');
  });

  it.each<[string, (body: Record<string, unknown>) => void, PropertyKey[]]>([
    [
      'a version that is not semver',
      b => {
        b.module = { name: 'object-bucket', version: '1.0' };
      },
      ['module', 'version'],
    ],
    [
      'a version with build metadata',
      b => {
        b.module = { name: 'object-bucket', version: '1.0.0+build.5' };
      },
      ['module', 'version'],
    ],
    [
      'an upper-case module name',
      b => {
        b.module = { name: 'Object_Bucket', version: '1.0.0' };
      },
      ['module', 'name'],
    ],
    [
      'a module name of 64 characters',
      b => {
        b.module = { name: 'a'.repeat(64), version: '1.0.0' };
      },
      ['module', 'name'],
    ],
    [
      'a module name with a path in it',
      b => {
        b.module = { name: '../object-bucket', version: '1.0.0' };
      },
      ['module', 'name'],
    ],
    [
      'a module that is a string',
      b => {
        b.module = 'object-bucket@1.0.0';
      },
      ['module'],
    ],
    [
      'an upper-case environment',
      b => {
        b.environment = 'Prod';
      },
      ['environment'],
    ],
    [
      'an environment with a slash',
      b => {
        b.environment = 'dev/../prod';
      },
      ['environment'],
    ],
    [
      'an environment with a trailing line break',
      b => {
        b.environment = 'dev\n';
      },
      ['environment'],
    ],
    [
      'a missing environment',
      b => {
        delete b.environment;
      },
      ['environment'],
    ],
    [
      'an entity ref without a kind',
      b => {
        b.entityRef = 'checkout';
      },
      ['entityRef'],
    ],
    [
      'an entity ref that is a number',
      b => {
        b.entityRef = 42;
      },
      ['entityRef'],
    ],
    [
      'a bad template ref',
      b => {
        b.templateRef = 'template:default/';
      },
      ['templateRef'],
    ],
    [
      'an input named with a space',
      b => {
        b.inputs = { name: 'x', 'bad key': 1 };
      },
      ['inputs', 'bad key'],
    ],
    [
      'an input name starting with a digit',
      b => {
        b.inputs = { '1st': 1 };
      },
      ['inputs', '1st'],
    ],
    [
      'an input name of 65 characters',
      b => {
        b.inputs = { ['a'.repeat(65)]: 1 };
      },
      ['inputs', 'a'.repeat(65)],
    ],
    [
      'an input value that is not JSON',
      b => {
        b.inputs = { name: 'x', when: new Date(0) };
      },
      ['inputs', 'when'],
    ],
    [
      'an input value that is undefined',
      b => {
        b.inputs = { name: undefined };
      },
      ['inputs', 'name'],
    ],
    [
      'an infinite number',
      b => {
        b.inputs = { size: Number.POSITIVE_INFINITY };
      },
      ['inputs', 'size'],
    ],
    [
      'inputs that are an array',
      b => {
        b.inputs = [1, 2];
      },
      ['inputs'],
    ],
    [
      'inputs that are null',
      b => {
        b.inputs = null;
      },
      ['inputs'],
    ],
  ])('rejects %s, naming the field', (_, change, path) => {
    const body: Record<string, unknown> = validBody();
    change(body);
    const issues = issuesOf(body);
    expect(issues.map(issue => issue.path)).toEqual([path]);
  });

  it.each([...RESERVED_INPUT_NAMES])(
    'rejects the Terraform module argument %s as an input name',
    name => {
      const body = { ...validBody(), inputs: { [name]: 'git::https://evil' } };
      expect(issuesOf(body).map(issue => issue.path)).toEqual([
        ['inputs', name],
      ]);
      expect(messageOf(body)).toBe(
        `inputs.${name}: a name Terraform reserves for module arguments`,
      );
    },
  );

  it('rejects unknown top-level keys by name', () => {
    const body = { ...validBody(), status: 'applied', owner: 'user:x' };
    const issues = issuesOf(body);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['status', 'owner'],
      path: [],
    });
    expect(messageOf(body)).toBe('status: unknown field; owner: unknown field');
  });

  it('rejects unknown keys inside module by path', () => {
    const body = {
      ...validBody(),
      module: { name: 'object-bucket', version: '1.0.0', source: 'evil' },
    };
    expect(issuesOf(body)[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['source'],
      path: ['module'],
    });
    expect(messageOf(body)).toBe('module.source: unknown field');
  });

  it('reports every problem at once', () => {
    const body = {
      module: { name: 'Bad', version: 'x' },
      environment: 'Dev',
      inputs: { 'a b': 1 },
      entityRef: '',
      extra: true,
    };
    expect(issuesOf(body).map(issue => issue.path)).toEqual([
      ['module', 'name'],
      ['module', 'version'],
      ['environment'],
      ['inputs', 'a b'],
      ['entityRef'],
      [],
    ]);
  });

  describe('inputs size', () => {
    // `{"blob":"` + n characters + `"}`
    const blob = (text: string) => ({ ...validBody(), inputs: { blob: text } });
    const overhead = utf8Bytes(JSON.stringify({ blob: '' }));

    it('accepts exactly MAX_INPUTS_BYTES and rejects one byte more', () => {
      const fits = blob('a'.repeat(MAX_INPUTS_BYTES - overhead));
      expect(utf8Bytes(JSON.stringify(fits.inputs))).toBe(MAX_INPUTS_BYTES);
      expect(createRequestBodySchema.safeParse(fits).success).toBe(true);

      const tooBig = blob('a'.repeat(MAX_INPUTS_BYTES - overhead + 1));
      expect(issuesOf(tooBig).map(issue => issue.path)).toEqual([['inputs']]);
      expect(messageOf(tooBig)).toBe(
        `inputs: larger than ${MAX_INPUTS_BYTES} bytes`,
      );
    });

    it('counts UTF-8 bytes, not characters', () => {
      // 40 000 characters, 80 000 bytes.
      const body = blob('é'.repeat(40_000));
      expect(JSON.stringify(body.inputs).length).toBeLessThan(MAX_INPUTS_BYTES);
      expect(issuesOf(body).map(issue => issue.path)).toEqual([['inputs']]);

      const emoji = blob(
        '🚀'.repeat(Math.floor((MAX_INPUTS_BYTES - overhead) / 4)),
      );
      expect(createRequestBodySchema.safeParse(emoji).success).toBe(true);
      const moreEmoji = blob(`${emoji.inputs.blob}🚀`);
      expect(createRequestBodySchema.safeParse(moreEmoji).success).toBe(false);
    });

    it('rejects many small values without serialising them', () => {
      const body = {
        ...validBody(),
        inputs: { list: new Array<number>(MAX_INPUTS_BYTES + 1).fill(0) },
      };
      expect(messageOf(body)).toBe(
        `inputs: larger than ${MAX_INPUTS_BYTES} bytes`,
      );
      // A sparse array of a billion holes is refused just as quickly.
      const sparse = { ...validBody(), inputs: { list: new Array(1e9) } };
      expect(messageOf(sparse)).toBe(
        `inputs: larger than ${MAX_INPUTS_BYTES} bytes`,
      );
    });
  });

  describe('inputs depth', () => {
    it(`accepts ${MAX_INPUTS_DEPTH} levels and rejects one more`, () => {
      const deepest = {
        ...validBody(),
        inputs: { v: nestedValue(MAX_INPUTS_DEPTH) },
      };
      expect(depthOf(deepest.inputs)).toBe(MAX_INPUTS_DEPTH);
      expect(createRequestBodySchema.parse(deepest)).toEqual(deepest);

      const tooDeep = {
        ...validBody(),
        inputs: { v: nestedValue(MAX_INPUTS_DEPTH + 1) },
      };
      expect(depthOf(tooDeep.inputs)).toBe(MAX_INPUTS_DEPTH + 1);
      const issues = issuesOf(tooDeep);
      expect(issues).toHaveLength(1);
      expect(issues[0].path.slice(0, 2)).toEqual(['inputs', 'v']);
      expect(issues[0].message).toBe(
        `nested deeper than ${MAX_INPUTS_DEPTH} levels`,
      );
    });

    it('answers a hostile 100 000-level body with an issue, not a stack overflow', () => {
      const json = `{"module":{"name":"a","version":"1.0.0"},"environment":"dev","entityRef":"component:a","inputs":{"x":${'['.repeat(
        100_000,
      )}${']'.repeat(100_000)}}}`;
      const body: unknown = JSON.parse(json);
      expect(messageOf(body)).toMatch(/^inputs\.x(\.0)+: nested deeper than/);
    });

    it('refuses circular inputs without looping', () => {
      const loop: Record<string, unknown> = { name: 'x' };
      loop.self = loop;
      expect(messageOf({ ...validBody(), inputs: loop })).toMatch(
        /^inputs\.self(\.self)+: nested deeper than/,
      );
    });

    it('bounds the work when one object is referenced many times', () => {
      // 2^30 paths through 30 shared arrays: shallow enough, far too big.
      let shared: unknown = 1;
      for (let i = 0; i < 30; i++) {
        shared = [shared, shared];
      }
      const start = Date.now();
      expect(messageOf({ ...validBody(), inputs: { shared } })).toBe(
        `inputs: larger than ${MAX_INPUTS_BYTES} bytes`,
      );
      expect(Date.now() - start).toBeLessThan(5_000);
    });
  });

  it('survives values JSON cannot hold', () => {
    for (const inputs of [
      { big: BigInt(1) },
      { fn: () => 1 },
      { sym: Symbol('s') },
      { [Symbol('key')]: 1 },
      { map: new Map([['a', 1]]) },
      { nan: Number.NaN },
    ]) {
      expectSafeParse({ ...validBody(), inputs });
      expect(
        createRequestBodySchema.safeParse({ ...validBody(), inputs }).success,
      ).toBe(false);
    }
  });

  it('accepts inputs without a prototype and returns plain objects', () => {
    const inputs = Object.assign(Object.create(null), { name: 'x' });
    const parsed = createRequestBodySchema.parse({ ...validBody(), inputs });
    expect(Object.getPrototypeOf(parsed.inputs)).toBe(Object.prototype);
    expect(parsed.inputs).toEqual({ name: 'x' });
  });

  it('keeps own data only from inputs with an odd prototype', () => {
    const inputs = Object.assign(Object.create({ inherited: 1 }), { own: 1 });
    const parsed = createRequestBodySchema.parse({ ...validBody(), inputs });
    expect(Object.getPrototypeOf(parsed.inputs)).toBe(Object.prototype);
    expect(Object.keys(parsed.inputs)).toEqual(['own']);
    expect(parsed.inputs.inherited).toBeUndefined();
    // Nesting is bounded inside such objects too.
    const deep = Object.create({ inherited: 1 });
    deep.v = nestedValue(MAX_INPUTS_DEPTH + 1);
    expect(messageOf({ ...validBody(), inputs: deep })).toMatch(
      /^inputs\.v\..*: nested deeper than/,
    );
  });
});

describe('prototype pollution', () => {
  const base =
    '"module":{"name":"object-bucket","version":"1.0.0"},"environment":"dev","entityRef":"component:default/checkout"';
  const payload = '{"polluted":true}';

  afterEach(expectNoPollution);

  it('refuses __proto__ as an input name instead of dropping it', () => {
    const body: unknown = JSON.parse(
      `{${base},"inputs":{"name":"x","__proto__":${payload}}}`,
    );
    expect(issuesOf(body).map(issue => issue.path)).toEqual([
      ['inputs', '__proto__'],
    ]);
    expect(messageOf(body)).toBe('inputs.__proto__: a reserved key');
  });

  it('refuses __proto__ anywhere inside input values', () => {
    const body: unknown = JSON.parse(
      `{${base},"inputs":{"tags":[{"a":{"__proto__":${payload}}}]}}`,
    );
    expect(issuesOf(body).map(issue => issue.path)).toEqual([
      ['inputs', 'tags', 0, 'a', '__proto__'],
    ]);
  });

  it('refuses __proto__ and constructor as top-level and module keys', () => {
    for (const json of [
      `{${base},"__proto__":${payload}}`,
      `{${base},"constructor":{"prototype":${payload}}}`,
      `{"module":{"name":"a","version":"1.0.0","__proto__":${payload}},"environment":"dev","entityRef":"component:a"}`,
    ]) {
      const issues = issuesOf(JSON.parse(json));
      expect(issues).toHaveLength(1);
      expect(issues[0].code).toBe('unrecognized_keys');
    }
  });

  it('keeps constructor and prototype inputs as plain data', () => {
    const body: unknown = JSON.parse(
      `{${base},"inputs":{"constructor":{"prototype":${payload}},"prototype":${payload},"toString":"x"}}`,
    );
    const parsed = createRequestBodySchema.parse(body);
    expect(Object.getPrototypeOf(parsed.inputs)).toBe(Object.prototype);
    expect(Object.keys(parsed.inputs).sort()).toEqual([
      'constructor',
      'prototype',
      'toString',
    ]);
    expect(parsed.inputs.constructor).toEqual({
      prototype: { polluted: true },
    });
    expect(Object.getPrototypeOf(parsed.inputs.constructor)).toBe(
      Object.prototype,
    );
    expect(JSON.parse(JSON.stringify(parsed.inputs))).toEqual(parsed.inputs);
  });
});

describe('describeIssues', () => {
  it('writes "path: message; path: message"', () => {
    const body = { ...validBody(), environment: 'PROD', entityRef: 'nope' };
    expect(messageOf(body)).toBe(
      'environment: lower-case letters, digits and dashes, at most 32; ' +
        'entityRef: an entity ref such as component:default/checkout',
    );
  });

  it('names nested fields with dots and the body as (body)', () => {
    expect(
      messageOf({ ...validBody(), module: { name: 'x', version: 'latest' } }),
    ).toBe('module.version: a semantic version such as 1.2.0');
    expect(messageOf('not a body')).toBe(
      '(body): Invalid input: expected object, received string',
    );
    const record = validRecord();
    let error: unknown;
    try {
      parseRequestRecord({
        ...record,
        runs: [{ ...record.runs[0], runId: '../x' }],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(z.ZodError);
    expect(describeIssues(error as z.ZodError)).toBe(
      'runs.0.runId: not a run id',
    );
  });

  it('quotes keys that are not plain names', () => {
    expect(messageOf({ ...validBody(), inputs: { 'a.b': 1 } })).toBe(
      'inputs["a.b"]: not a variable name',
    );
    expect(messageOf({ ...validBody(), 'x y': 1 })).toBe(
      '["x y"]: unknown field',
    );
  });

  it('cannot be given extra lines or forged entries by a key', () => {
    const key = 'x; environment: ok\nFAKE: entry\u2028é';
    const described = messageOf({ ...validBody(), inputs: { [key]: 1 } });
    expect(described).toBe(
      'inputs["x\\u003b environment: ok\\nFAKE: entry\\u2028\\u00e9"]: not a variable name',
    );
    expect(described.split('; ')).toHaveLength(1);
    // The quoted key is JSON that reads back as the original key.
    const quoted = described.slice('inputs['.length, described.indexOf(']: '));
    expect(JSON.parse(quoted)).toBe(key);
  });
});

describe('createRequestBodySchema against hostile input', () => {
  const prototypeKeys = fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    '__defineGetter__',
    'isPrototypeOf',
  );
  const longString = fc
    .tuple(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
      fc.integer({ min: 60, max: 70_000 }),
    )
    .map(([unit, length]) =>
      unit.repeat(Math.ceil(length / unit.length)).slice(0, length),
    );
  const hostileString = fc.oneof(
    fc.string(),
    // full Unicode (fast-check 4's replacement for fullUnicodeString)
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    longString,
    prototypeKeys,
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'dev\n',
      '1.0.0\n',
      'component:default/checkout\n',
      '../../etc/passwd',
      'object-bucket\u202e',
      'ｄｅｖ',
      '1.0.0+build',
      'component:default/checkout; rm -rf /',
    ),
  );
  const hostileObject = (value: fc.Arbitrary<unknown>) =>
    fc
      .array(fc.tuple(fc.oneof(hostileString, prototypeKeys), value), {
        maxLength: 5,
      })
      .map(entries => {
        // defineProperty makes `__proto__` an own key, as JSON.parse does.
        const object: Record<string, unknown> = {};
        for (const [key, v] of entries) {
          Object.defineProperty(object, key, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return object;
      });
  const hostileValue = fc.oneof(
    hostileString,
    fc.jsonValue(),
    hostileObject(fc.jsonValue()),
  );

  const field = <T>(good: fc.Arbitrary<T>) =>
    fc.oneof(
      { weight: 6, arbitrary: good },
      { weight: 1, arbitrary: hostileValue },
    );
  const inputs = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.dictionary(
        fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,20}$/),
        fc.jsonValue({ maxDepth: 4 }),
      ),
    },
    { weight: 1, arbitrary: hostileObject(hostileValue) },
    { weight: 1, arbitrary: fc.dictionary(hostileString, fc.jsonValue()) },
    { weight: 1, arbitrary: hostileValue },
  );
  const body = fc.record(
    {
      module: field(
        fc.record({
          name: field(fc.stringMatching(STORABLE.moduleName)),
          version: field(fc.stringMatching(STORABLE.moduleVersion)),
        }),
      ),
      environment: field(
        fc.oneof(
          fc.constantFrom('dev', 'stage', 'prod'),
          fc.stringMatching(STORABLE.environment),
        ),
      ),
      inputs,
      entityRef: field(
        fc.oneof(
          fc.constant('component:default/checkout'),
          fc.stringMatching(STORABLE.entityRef),
        ),
      ),
      templateRef: field(fc.stringMatching(STORABLE.entityRef)),
    },
    { requiredKeys: ['module', 'environment', 'entityRef'] },
  );
  const bodyWithExtras = fc
    .tuple(body, hostileObject(hostileValue))
    .map(([b, extra]) => Object.assign(extra, b));

  afterAll(expectNoPollution);

  it('never throws on arbitrary JSON bodies', () => {
    fc.assert(fc.property(fc.jsonValue(), expectSafeParse), { numRuns: 300 });
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('never throws on arbitrary JavaScript values', () => {
    fc.assert(fc.property(fc.anything(), expectSafeParse), { numRuns: 300 });
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('never throws on hostile strings as whole bodies', () => {
    fc.assert(fc.property(hostileString, expectSafeParse), { numRuns: 200 });
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('never throws on hostile field values, and stores only valid bodies', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(body, bodyWithExtras), candidate => {
        expectSafeParse(candidate);
        if (createRequestBodySchema.safeParse(candidate).success) {
          accepted++;
        }
      }),
      { numRuns: 1000 },
    );
    // The generator reaches the accepting side often enough to mean something.
    expect(accepted).toBeGreaterThan(50);
  });

  it('never throws on hostile JSON text with prototype keys', () => {
    fc.assert(
      fc.property(
        prototypeKeys,
        fc.constantFrom('top', 'module', 'inputs', 'nested'),
        fc.jsonValue(),
        (key, where, value) => {
          const injected = `${JSON.stringify(key)}:{"polluted":${JSON.stringify(
            value,
          )}}`;
          const json = {
            top: `{"module":{"name":"a","version":"1.0.0"},"environment":"dev","entityRef":"component:a",${injected}}`,
            module: `{"module":{"name":"a","version":"1.0.0",${injected}},"environment":"dev","entityRef":"component:a"}`,
            inputs: `{"module":{"name":"a","version":"1.0.0"},"environment":"dev","entityRef":"component:a","inputs":{${injected}}}`,
            nested: `{"module":{"name":"a","version":"1.0.0"},"environment":"dev","entityRef":"component:a","inputs":{"v":[{${injected}}]}}`,
          }[where];
          expectSafeParse(JSON.parse(json));
        },
      ),
      { numRuns: 300 },
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('inputsSchema alone never throws either', () => {
    fc.assert(
      fc.property(fc.oneof(inputs, fc.anything()), candidate => {
        const result = inputsSchema.safeParse(candidate);
        const accepted = result.success ? result.data : {};
        expect(inputsSchema.parse(accepted)).toEqual(accepted);
        expect(
          Object.keys(accepted).filter(key => !STORABLE.inputName.test(key)),
        ).toEqual([]);
        expect(utf8Bytes(JSON.stringify(accepted))).toBeLessThanOrEqual(
          MAX_INPUTS_BYTES,
        );
        expect(depthOf(accepted)).toBeLessThanOrEqual(MAX_INPUTS_DEPTH);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseRequestRecord', () => {
  it('round-trips a valid v1 record', () => {
    const record = validRecord();
    const stored = JSON.parse(JSON.stringify(record));
    expect(parseRequestRecord(stored)).toEqual(record);
    expect(parseRequestRecord(parseRequestRecord(stored))).toEqual(record);
  });

  it('upgrades a v1alpha1 record to the v1 shape', () => {
    const upgraded = parseRequestRecord(legacyRecord());
    expect(upgraded).toMatchObject({
      apiVersion: REQUEST_API_VERSION,
      id: ID,
      module: { name: 'object-bucket', version: '1.0.0' },
      environment: 'dev',
      inputs: { name: 'x' },
      entityRef: 'component:default/checkout',
      owner: 'user:default/jane',
      revision: 2,
      status: 'awaiting_approval',
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-02T00:00:00Z',
      runs: [],
    });
    expect(upgraded).not.toHaveProperty('state');
    expect(upgraded.event).toMatchObject({
      requestId: ID,
      seq: 2,
      type: 'approval_requested',
      to: 'awaiting_approval',
      at: '2024-01-02T00:00:00Z',
    });
    // What comes out is a current record in every respect.
    expect(requestRecordSchema.parse(upgraded)).toEqual(upgraded);
    expect(parseRequestRecord(JSON.parse(JSON.stringify(upgraded)))).toEqual(
      upgraded,
    );
  });

  it('gives a v1alpha1 record without inputs empty inputs', () => {
    const { inputs: _, ...withoutInputs } = legacyRecord();
    expect(parseRequestRecord(withoutInputs).inputs).toEqual({});
  });

  it.each<[string, Record<string, unknown>, PropertyKey[]]>([
    ['a module without a version', { module: 'object-bucket' }, ['module']],
    ['a module with two versions', { module: 'a@1.0.0@2.0.0' }, ['module']],
    [
      'a module with a bad version',
      { module: 'object-bucket@latest' },
      ['module', 'version'],
    ],
    ['an unknown state', { state: 'bogus' }, ['state']],
    ['a missing owner', { owner: undefined }, ['owner']],
    ['a bad id', { id: '../../x' }, ['id']],
  ])('refuses a v1alpha1 record with %s', (_, change, path) => {
    let error: unknown;
    try {
      parseRequestRecord({ ...legacyRecord(), ...change });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(z.ZodError);
    expect(
      (error as z.ZodError).issues.map(issue => issue.path),
    ).toContainEqual(path);
  });

  it('refuses unknown apiVersions with a ZodError', () => {
    for (const apiVersion of [
      'tfpilot.io/v2',
      'tfpilot.io/v1beta1',
      '',
      undefined,
      1,
    ]) {
      expect(() =>
        parseRequestRecord({ ...validRecord(), apiVersion }),
      ).toThrow(z.ZodError);
    }
  });

  it('refuses corrupt records with a ZodError', () => {
    const record = validRecord();
    for (const corrupt of [
      null,
      undefined,
      'tfpilot.io/v1',
      42,
      [],
      {},
      { ...record, revision: 0 },
      { ...record, revision: 1.5 },
      { ...record, status: 'bogus' },
      { ...record, createdAt: 'yesterday' },
      { ...record, inputs: { 'bad key': 1 } },
      { ...record, runs: [{ ...record.runs[0], runId: '../x' }] },
      { ...record, runs: 'none' },
      { ...record, drift: { state: 'sideways' } },
      { ...record, extra: true },
      { ...record, event: { ...record.event, seq: 0 } },
      { ...record, module: 'object-bucket@1.0.0' },
    ]) {
      expect(() => parseRequestRecord(corrupt)).toThrow(z.ZodError);
    }
  });

  it('throws nothing but a ZodError, whatever it is given', () => {
    const record = validRecord();
    const keys = Object.keys(record) as (keyof TfRequest)[];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.jsonValue(),
          fc
            .tuple(fc.constantFrom(...keys), fc.jsonValue(), fc.boolean())
            .map(([key, value, legacy]) => ({
              ...(legacy ? legacyRecord() : record),
              [key]: value,
            })),
        ),
        raw => {
          const outcome = attempt(() => parseRequestRecord(raw));
          // Either a ZodError or a record that is current in every respect.
          const error = 'error' in outcome ? outcome.error : undefined;
          expect(['none', 'ZodError']).toContain(
            error === undefined
              ? 'none'
              : (error instanceof z.ZodError && 'ZodError') || String(error),
          );
          const parsed = 'value' in outcome ? outcome.value : validRecord();
          expect(requestRecordSchema.parse(parsed)).toEqual(parsed);
        },
      ),
      { numRuns: 500 },
    );
  });
});
