import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  PlanFormatError,
  PlanSummary,
  summarizePlanJson,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { summarizePlanStream } from './planStream';
import { PlanFileError, readPlanSummary } from './readPlanSummary';

// plugins/tfpilot-node/src/plan → the shared fixtures next to the checkout.
const PLANS = resolve(__dirname, '../../../../../shared/fixtures/plans');
const MALFORMED = join(PLANS, 'malformed', 'tfjson__invalid_plan.json');
const FIXTURES = readdirSync(PLANS).filter(name => name.endsWith('.json'));

const STREAM = { streamThreshold: 0 };

/** The summary, or the error message, of summarizePlanJson on a text. */
function fastPath(text: string): PlanSummary | string {
  try {
    return summarizePlanJson(text);
  } catch (error) {
    return (error as Error).message;
  }
}

/** The summary, or the error message without the file name, of readPlanSummary. */
async function read(
  file: string,
  options: Parameters<typeof readPlanSummary>[1],
): Promise<PlanSummary | string> {
  try {
    return await readPlanSummary(file, options);
  } catch (error) {
    if (!(error instanceof PlanFileError)) throw error;
    expect(error.file).toBe(file);
    expect(error.message).toBe(`${file}: ${error.reason}`);
    expect(error.message).not.toContain('\n');
    return error.reason;
  }
}

describe('readPlanSummary', () => {
  const dir = createMockDirectory();
  beforeEach(() => dir.clear());

  /** Writes a file in the mock directory and returns its path. */
  function file(name: string, content: string | Buffer): string {
    const path = join(dir.path, name);
    writeFileSync(path, content);
    return path;
  }

  it('finds the fixtures', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(FIXTURES)(
    'streams %s to the same summary as summarizePlanJson',
    async name => {
      const path = join(PLANS, name);
      const expected = summarizePlanJson(readFileSync(path, 'utf8'));
      await expect(readPlanSummary(path)).resolves.toEqual(expected);
      await expect(readPlanSummary(path, STREAM)).resolves.toEqual(expected);
      // Small, odd reads split tokens, escapes and UTF-8 across chunks.
      await expect(
        readPlanSummary(path, { ...STREAM, chunkSize: 7 }),
      ).resolves.toEqual(expected);
    },
  );

  it.each([
    ['terraform__show-json__drift.json', ['ami']],
    [
      'terraform__equivalence__drift_relevant_attributes.json',
      ['number', 'string'],
    ],
    ['policy-engine__resource-changes.json', ['tags']],
  ])(
    'streams the changed attributes of drift in %s',
    async (name, attributes) => {
      const summary = await readPlanSummary(join(PLANS, name), {
        ...STREAM,
        chunkSize: 5,
      });
      expect(summary.drift.map(d => d.attributes)).toEqual([attributes]);
    },
  );

  it('streams a small fixture one byte at a time', async () => {
    const path = join(PLANS, 'terraform__show-json__sensitive-values.json');
    await expect(
      readPlanSummary(path, { ...STREAM, chunkSize: 1 }),
    ).resolves.toEqual(summarizePlanJson(readFileSync(path, 'utf8')));
  });

  it('rejects the malformed fixture on both paths, naming the byte', async () => {
    const fast = await read(MALFORMED, {});
    const streamed = await read(MALFORMED, STREAM);
    expect(fast).toBe(fastPath(readFileSync(MALFORMED, 'utf8')));
    expect(fast).toMatch(/^not valid JSON: /);
    expect(streamed).toMatch(/^not valid JSON: .* at byte \d+$/);
    const offset = /at byte (\d+)$/.exec(String(streamed))?.[1];
    // An ASCII file: JSON.parse's character position is the byte offset.
    expect(fast).toContain(`at position ${offset} `);
  });

  describe('file errors', () => {
    it.each([
      ['fast', {}],
      ['streaming', STREAM],
    ])('names the path (%s)', async (_, options) => {
      const missing = join(dir.path, 'nope.json');
      await expect(readPlanSummary(missing, options)).rejects.toThrow(
        new PlanFileError(missing, 'no such file or directory'),
      );
      await expect(readPlanSummary(dir.path, options)).rejects.toThrow(
        `${dir.path}: is a directory, expected a file`,
      );
      const empty = file('empty.json', '');
      await expect(read(empty, options)).resolves.toBe(
        'not valid JSON: the file is empty',
      );
      const blank = file('blank.json', '\ufeff \n\t\r\n');
      await expect(read(blank, options)).resolves.toBe(
        'not valid JSON: the file is empty',
      );
      await expect(readPlanSummary(empty, options)).rejects.toBeInstanceOf(
        PlanFormatError,
      );
    });
  });

  /** A plan in the shape `terraform show -json` writes. */
  function plan(extra: Record<string, unknown> = {}): Record<string, unknown> {
    const change = (
      address: string,
      actions: string[],
      more: Record<string, unknown> = {},
    ) => ({
      address,
      module_address: address.startsWith('module.')
        ? address.split('.').slice(0, 2).join('.')
        : undefined,
      mode: 'managed',
      type: address.split('.').slice(-2)[0],
      name: address.split('.').slice(-1)[0],
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions,
        before: actions[0] === 'create' ? null : { id: 'i-1', tags: { a: 1 } },
        after: { id: null, nested: [{ deep: { deeper: [1, 2, { x: 'y' }] } }] },
        after_unknown: { id: true },
        before_sensitive: false,
        after_sensitive: { password: true },
      },
      ...more,
    });
    return {
      format_version: '1.2',
      terraform_version: '1.9.5',
      variables: { region: { value: 'eu-west-1' } },
      planned_values: {
        outputs: { secret: { sensitive: true, value: 'hunter2' } },
        root_module: { resources: [{ address: 'x', values: { a: [1, 2] } }] },
      },
      resource_drift: [change('aws_s3_bucket.drifted', ['update'])],
      resource_changes: [
        change('aws_s3_bucket.logs', ['create']),
        change('module.db.aws_db_instance.main', ['delete', 'create'], {
          action_reason: 'replace_because_cannot_update',
          change: {
            actions: ['delete', 'create'],
            replace_paths: [['engine'], ['tags', 'Name'], ['ingress', 0]],
          },
        }),
        change('aws_iam_role.ci', ['no-op']),
        change('data.aws_region.here', ['read']),
      ],
      output_changes: {
        secret: {
          actions: ['create'],
          after: 'hunter2',
          after_sensitive: true,
        },
        endpoint: { actions: ['create'], after_unknown: true },
        tags: { actions: ['update'], after: { Name: 'é 😀 "quoted"' } },
      },
      prior_state: { format_version: '1.0', values: { root_module: {} } },
      configuration: {
        root_module: {
          resources: [{ expressions: { a: { references: [] } } }],
        },
      },
      ...extra,
    };
  }

  /**
   * Documents where streaming must give the same summary or the same error
   * as summarizePlanJson: odd shapes, several problems at once (the first
   * in summarizePlan's order wins, whatever the order in the file),
   * repeated keys (the last wins), __proto__.
   */
  const SAME: [string, string][] = [
    ['a plan', JSON.stringify(plan())],
    ['a pretty-printed plan', JSON.stringify(plan(), null, 2)],
    ['an array', '[{"format_version": "1.0"}]'],
    ['null', 'null'],
    ['a string', '"plan"'],
    ['a number', '42'],
    ['an empty object', '{}'],
    ['a state file', '{"version": 4, "lineage": "x", "serial": 3}'],
    [
      'a state file with resources',
      '{"version": 4, "lineage": "x", "serial": 3, "resources": [{"type": "a"}]}',
    ],
    ['state JSON', '{"format_version": "1.0", "values": {"root_module": {}}}'],
    ['Infracost output', '{"projects": [], "totalMonthlyCost": "1"}'],
    ['no format_version', JSON.stringify(plan({ format_version: undefined }))],
    [
      'format_version 2.0 and a bad change',
      JSON.stringify(
        plan({ format_version: '2.0', resource_changes: [{ change: {} }] }),
      ),
    ],
    [
      'format_version a list',
      JSON.stringify(plan({ format_version: ['1.0'] })),
    ],
    [
      'format_version an object',
      JSON.stringify(plan({ format_version: { v: 1 } })),
    ],
    [
      'format_version last',
      `{"resource_changes": [], "format_version": "1.0"}`,
    ],
    [
      'bad drift before bad changes in the file',
      `{"format_version": "1.0", "resource_drift": [{"address": "d"}], "resource_changes": [{"address": "c", "change": {"actions": ["explode"]}}]}`,
    ],
    [
      'bad drift only',
      `{"format_version": "1.0", "resource_changes": [], "resource_drift": [{"address": "d", "change": {"actions": []}}]}`,
    ],
    [
      'resource_changes a string',
      JSON.stringify(plan({ resource_changes: 'x'.repeat(100) })),
    ],
    [
      'resource_changes an object',
      JSON.stringify(plan({ resource_changes: {} })),
    ],
    [
      'resource_drift a number, with changes',
      JSON.stringify(plan({ resource_drift: 7 })),
    ],
    [
      'resource_changes null',
      JSON.stringify(plan({ resource_changes: null, resource_drift: null })),
    ],
    [
      'an element that is not an object',
      JSON.stringify(plan({ resource_changes: [1] })),
    ],
    [
      'an element that is a list',
      JSON.stringify(plan({ resource_changes: [['x']] })),
    ],
    [
      'an element whose change is a list',
      JSON.stringify(
        plan({ resource_changes: [{ address: 'a', change: [] }] }),
      ),
    ],
    [
      'an address that is an object',
      JSON.stringify(
        plan({
          resource_changes: [
            { address: { x: 1 }, type: 't', change: { actions: ['create'] } },
          ],
        }),
      ),
    ],
    [
      'an address with control characters',
      JSON.stringify(
        plan({
          resource_changes: [
            { address: 'a\n\u001b[2Jb', change: { actions: ['bogus'] } },
          ],
        }),
      ),
    ],
    [
      'a bad change after a bad output',
      JSON.stringify(
        plan({
          output_changes: { o: { actions: 'create' } },
          resource_changes: [{ address: 'c', type: 't', change: {} }],
        }),
      ),
    ],
    ['a bad output', JSON.stringify(plan({ output_changes: [] }))],
    ['output_changes null', JSON.stringify(plan({ output_changes: null }))],
    [
      'an output with a bad action',
      JSON.stringify(plan({ output_changes: { o: { actions: ['launch'] } } })),
    ],
    ['planned_values a list', JSON.stringify(plan({ planned_values: [] }))],
    [
      'planned_values without outputs',
      JSON.stringify(plan({ planned_values: { root_module: {} } })),
    ],
    ['only errored', '{"format_version": "1.2", "errored": true}'],
    ['errored not a boolean', '{"format_version": "1.2", "errored": "yes"}'],
    ['only planned_values', '{"format_version": "0.1", "planned_values": {}}'],
    [
      'only drift',
      JSON.stringify({
        format_version: '1.0',
        resource_drift: plan().resource_drift,
      }),
    ],
    [
      'only no-op changes',
      `{"format_version": "1.0", "resource_changes": [{"address": "a.b", "type": "a", "change": {"actions": ["no-op"]}}]}`,
    ],
    [
      'empty lists',
      `{"format_version": "1.0", "resource_changes": [], "resource_drift": []}`,
    ],
    [
      'repeated resource_changes',
      `{"format_version": "1.0", "resource_changes": [{"address": "a.first", "type": "a", "change": {"actions": ["create"]}}], "resource_changes": [{"address": "a.second", "type": "a", "change": {"actions": ["delete"]}}]}`,
    ],
    [
      'resource_changes, then null',
      `{"format_version": "1.0", "resource_changes": [{"address": "a.first", "type": "a", "change": {"actions": ["create"]}}], "resource_changes": null}`,
    ],
    [
      'a bad list replaced by a good one',
      `{"format_version": "1.0", "resource_drift": [{}], "resource_drift": [{"address": "d", "change": {"actions": ["update"]}}]}`,
    ],
    [
      'repeated members',
      `{"format_version": "9.9", "format_version": "1.1", "output_changes": {}, "output_changes": {"x": {"actions": ["create"], "after": 1}}, "planned_values": {"outputs": {"x": {"sensitive": true}}}, "planned_values": {"outputs": {}}}`,
    ],
    [
      'repeated members in a change',
      `{"format_version": "1.0", "resource_changes": [{"address": "a.x", "address": "a.y", "type": "a", "change": {"actions": ["create"]}, "change": {"actions": ["update"]}}]}`,
    ],
    [
      '__proto__ and constructor members',
      `{"format_version": "1.0", "__proto__": {"resource_changes": 1}, "constructor": "x", "resource_changes": [{"__proto__": {"address": "p.q"}, "constructor": 1, "address": "a.b", "type": "a", "change": {"__proto__": {"actions": ["create"]}, "actions": ["create"], "toString": 1}}], "output_changes": {"__proto__": {"actions": ["create"], "after": "x"}}}`,
    ],
    [
      'a change with only inherited-looking members',
      `{"format_version": "1.0", "resource_changes": [{"__proto__": {"address": "a.b", "type": "a", "change": {"actions": ["create"]}}}]}`,
    ],
    ['trailing data', `${JSON.stringify(plan())} {}`],
    ['a trailing comma', `{"format_version": "1.0",}`],
    ['a BOM', `\ufeff${JSON.stringify(plan())}`],
    ['two BOMs', `\ufeff\ufeff${JSON.stringify(plan())}`],
    ['a zip header', 'PK\u0003\u0004rest of a zip'],
    ['a BOM and a zip header', '\ufeffPK\u0003\u0004'],
    ['a NUL in the middle', `{"format_version": "1.0"\u0000}`],
    ['a NUL after a syntax error', `{"format_version": 1.0.0, "x": "\u0000"}`],
    ['a NUL far after a syntax error', `{]${' '.repeat(5000)}\u0000`],
    [
      'long strings with escapes across many reads',
      JSON.stringify(
        plan({
          output_changes: {
            long: {
              actions: ['create'],
              after: `${'a"\\\n'.repeat(3000)}é😀\u2028`,
            },
          },
        }),
      ),
    ],
    ['a short file', '1'],
    ['a short invalid file', '{'],
  ];

  /** Errors both paths word alike; other syntax errors are worded by each parser. */
  const SHARED_ERRORS = ['', '\u0000', 'PK\u0003\u0004'].map(fastPath);
  const syntaxAsOne = (result: PlanSummary | string) =>
    typeof result === 'string' &&
    result.startsWith('not valid JSON: ') &&
    !SHARED_ERRORS.includes(result)
      ? 'not valid JSON: (a syntax error)'
      : result;

  it.each(SAME)(
    'streaming gives what summarizePlanJson gives for %s',
    async (name, text) => {
      const path = file(`${name}.json`, text);
      const expected = syntaxAsOne(fastPath(text));
      for (const chunkSize of [1, 3, 1024 * 1024]) {
        const streamed = await read(path, { ...STREAM, chunkSize });
        expect([chunkSize, syntaxAsOne(streamed)]).toEqual([
          chunkSize,
          expected,
        ]);
      }
    },
  );

  it('reads UTF-16 as summarizePlanJson does: NUL bytes', async () => {
    const text = JSON.stringify(plan());
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(text, 'utf16le'),
    ]);
    const path = file('utf16.json', utf16);
    const message = await read(path, STREAM);
    expect(message).toBe(await read(path, {}));
    expect(message).toMatch(/NUL bytes/);
  });

  it('names the byte of a syntax error after a multi-byte character', async () => {
    const path = file('bad.json', '{"é": 1 2}');
    await expect(read(path, STREAM)).resolves.toBe(
      "not valid JSON: unexpected '2' (expected ',' or '}') at byte 9",
    );
  });

  it('never quotes the file in an error', async () => {
    const secret = 'hunter2-do-not-print';
    const docs = [
      `{"format_version": "1.0", "password": "${secret}" "x": 1}`,
      `{"format_version": "1.0", "resource_changes": [{"address": "${secret}", "change": {"actions": ["x"]}}]`,
      `{"${secret}": tru}`,
      `"${secret}`,
    ];
    for (const [i, doc] of docs.entries()) {
      const message = await read(file(`secret${i}.json`, doc), STREAM);
      expect(message).toMatch(/^not valid JSON: /);
      expect(message).not.toContain(secret);
    }
  });

  /**
   * A generated plan with everything a tokenizer can trip on, many times
   * over: nested modules with quoted keys, escapes, non-ASCII text and
   * surrogate pairs in addresses and outputs, numbers of every form, deep
   * nesting in skipped parts, every action.
   */
  function generatedPlan(count: number): string {
    const actions = [
      ['create'],
      ['update'],
      ['delete'],
      ['delete', 'create'],
      ['create', 'delete'],
      ['read'],
      ['no-op'],
      ['create', 'forget'],
      ['forget'],
    ];
    const changes = [];
    for (let i = 0; i < count; i++) {
      const module =
        i % 3 === 0
          ? null
          : `module.app["é-${i % 7}"].module.net[${
              i % 4
            }].module.sub["\\"${i}😀"]`;
      const address = `${
        module ? `${module}.` : ''
      }aws_thing.n${i}["k\\u00e9y ${i}"]`;
      const deep = `${'['.repeat(i % 50)}"\\ud83d\\ude00"${']'.repeat(i % 50)}`;
      changes.push(
        `{"address": ${JSON.stringify(address)}${
          module ? `, "module_address": ${JSON.stringify(module)}` : ''
        }, "mode": "managed", "type": "aws_thing", "name": "n${i}", "index": "k\\u00e9y ${i}", ` +
          `"change": {"actions": ${JSON.stringify(
            actions[i % actions.length],
          )}, ` +
          `"before": {"n": [0, -0, 1.5e+${i % 300}, -2E-${
            i % 300
          }, ${i}], "s": "tab\\tquote\\"slash\\/\\u0000", "deep": ${deep}}, ` +
          `"after": {"t": true, "f": false, "z": null, "u": "\\ud800 lone"}, "after_unknown": {"id": true}, "before_sensitive": {}, "after_sensitive": {"s": true}` +
          `${
            i % 5 === 3 ? ', "replace_paths": [["s"], ["n", 0], ["é"]]' : ''
          }}` +
          `${
            i % 11 === 0 ? ', "action_reason": "replace_because_tainted"' : ''
          }}`,
      );
    }
    const drift = changes.filter((_, i) => i % 20 === 0);
    return `{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"outputs":{"out😀":{"sensitive":false}}},"resource_drift":[${drift.join(
      ',',
    )}],"resource_changes":[${changes.join(
      ',\n',
    )}],"output_changes":{"out😀":{"actions":["create"],"after":{"é":"\\ud83d\\ude00","n":1e-7}}},"prior_state":{"values":${`[${'{"a":'.repeat(
      300,
    )}1${'}'.repeat(300)}]`}}}`;
  }

  it('streams a generated plan the same in chunks of every size', async () => {
    const text = generatedPlan(400);
    const path = file('generated.json', text);
    const expected = summarizePlanJson(text);
    expect(expected.changes.length).toBeGreaterThan(300);
    expect(expected.drift).toHaveLength(20);
    for (const chunkSize of [17, 4096, 1 << 20]) {
      await expect(
        readPlanSummary(path, { ...STREAM, chunkSize }),
      ).resolves.toEqual(expected);
    }
    // The smallest reads straight from memory: a file read per byte is slow.
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 3, 4, 5]) {
      const chunks = function* chunked() {
        for (let at = 0; at < bytes.length; at += size) {
          yield bytes.subarray(at, at + size);
        }
      };
      await expect(summarizePlanStream(chunks())).resolves.toEqual(expected);
    }
  });
});
