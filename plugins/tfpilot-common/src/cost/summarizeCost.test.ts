import { existsSync, readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import { CostFormatError, parseMoney, summarizeCost } from './summarizeCost';
import { CostSummary } from './types';

const FIXTURES = resolve(__dirname, '../../../../../shared/fixtures/infracost');
const PLANS = resolve(__dirname, '../../../../../shared/fixtures/plans');

function load(dir: string, file: string): unknown {
  return JSON.parse(readFileSync(resolve(dir, file), 'utf8'));
}

/** The same error infracost reports for both us1 projects. */
const US1_MODULE_ERROR =
  'Error loading Terraform modules: failed to parse file REPLACED_PROJECT_PATH/testdata/breakdown_multi_project_with_error_output_json/us1/mod_with_error.tf diag: REPLACED_PROJECT_PATH/testdata/breakdown_multi_project_with_error_output_json/us1/mod_with_error.tf:1,9-10: Invalid block definition; Either a quoted string block label or an opening brace ("{") is expected here., and 1 other diagnostic(s)';

const MULTI =
  'REPLACED_PROJECT_PATH/testdata/breakdown_multi_project_with_error_output_json';
const TESTDATA = 'infracost/infracost/cmd/infracost/testdata';
const LOCATOR =
  'infracost/infracost/internal/hcl/testdata/project_locator/multi_project_with_module';

/**
 * Written by hand from SOURCES.md ("Infracost JSON") and from reading each
 * file: top-level totals, then every project's breakdown / pastBreakdown /
 * diff totals and metadata.errors messages.
 */
const EXPECTED: Record<string, CostSummary> = {
  'breakdown__format_json_with_usage.json': {
    currency: 'USD',
    totalMonthlyCost: 1361.3075,
    pastTotalMonthlyCost: 0,
    diffTotalMonthlyCost: 1361.3075,
    projects: [
      {
        name: 'REPLACED_PROJECT_PATH/testdata/example_plan.json',
        totalMonthlyCost: 1361.3075,
        pastTotalMonthlyCost: 0,
        diffTotalMonthlyCost: 1361.3075,
        errors: [],
      },
    ],
  },
  'breakdown__google_with_tags.json': {
    currency: 'USD',
    totalMonthlyCost: 53.665,
    pastTotalMonthlyCost: 53.665,
    diffTotalMonthlyCost: 0,
    projects: [
      {
        name: 'REPLACED_PROJECT_PATH/testdata/breakdown_format_json_with_tags_google',
        totalMonthlyCost: 53.665,
        pastTotalMonthlyCost: 53.665,
        diffTotalMonthlyCost: 0,
        errors: [],
      },
    ],
  },
  // 2021 layout: no top-level past/diff totals at all, so they stay null even
  // though the single project has them.
  'breakdown__legacy_2021_schema.json': {
    currency: 'USD',
    totalMonthlyCost: 1361.3075,
    pastTotalMonthlyCost: null,
    diffTotalMonthlyCost: null,
    projects: [
      {
        name: TESTDATA,
        totalMonthlyCost: 1361.3075,
        pastTotalMonthlyCost: 0,
        diffTotalMonthlyCost: 1361.3075,
        errors: [],
      },
    ],
  },
  'breakdown__multi_project_with_error.json': {
    currency: 'USD',
    totalMonthlyCost: 1204.96,
    pastTotalMonthlyCost: 1204.96,
    diffTotalMonthlyCost: 0,
    projects: [
      {
        name: `${MULTI}/us1-dev`,
        totalMonthlyCost: 0,
        pastTotalMonthlyCost: 0,
        diffTotalMonthlyCost: 0,
        errors: [US1_MODULE_ERROR],
      },
      {
        name: `${MULTI}/us1-prod`,
        totalMonthlyCost: 0,
        pastTotalMonthlyCost: 0,
        diffTotalMonthlyCost: 0,
        errors: [US1_MODULE_ERROR],
      },
      {
        name: `${MULTI}/us2-dev`,
        totalMonthlyCost: 462.32,
        pastTotalMonthlyCost: 462.32,
        diffTotalMonthlyCost: 0,
        errors: [],
      },
      {
        name: `${MULTI}/us2-prod`,
        totalMonthlyCost: 742.64,
        pastTotalMonthlyCost: 742.64,
        diffTotalMonthlyCost: 0,
        errors: [],
      },
    ],
  },
  'breakdown__no_projects.json': {
    currency: 'USD',
    totalMonthlyCost: 0,
    pastTotalMonthlyCost: 0,
    diffTotalMonthlyCost: 0,
    projects: [],
  },
  'breakdown__nochange.json': {
    currency: 'USD',
    totalMonthlyCost: 40.561,
    pastTotalMonthlyCost: 40.561,
    diffTotalMonthlyCost: 0,
    projects: [
      {
        name: `${TESTDATA}/terraform_v0.14_nochange_plan.json`,
        totalMonthlyCost: 40.561,
        pastTotalMonthlyCost: 40.561,
        diffTotalMonthlyCost: 0,
        errors: [],
      },
    ],
  },
  'breakdown__project_error.json': {
    currency: 'USD',
    totalMonthlyCost: 0,
    pastTotalMonthlyCost: 0,
    diffTotalMonthlyCost: 0,
    projects: [
      {
        name: 'infracost/infracost/examples/terraform',
        totalMonthlyCost: 0,
        pastTotalMonthlyCost: 0,
        diffTotalMonthlyCost: 0,
        errors: [
          'No valid terraform files found given path, try a different directory',
        ],
      },
    ],
  },
  'breakdown__terraform_v0.14_plan.json': {
    currency: 'USD',
    totalMonthlyCost: 81.122,
    pastTotalMonthlyCost: 40.561,
    diffTotalMonthlyCost: 40.561,
    projects: [
      {
        name: `${TESTDATA}/terraform_v0.14_plan.json`,
        totalMonthlyCost: 81.122,
        pastTotalMonthlyCost: 40.561,
        diffTotalMonthlyCost: 40.561,
        errors: [],
      },
    ],
  },
  'diff__changes_two_projects.json': {
    currency: 'USD',
    totalMonthlyCost: 1696.92,
    pastTotalMonthlyCost: 1696.92,
    diffTotalMonthlyCost: 0,
    projects: [
      {
        name: `${LOCATOR}/dev`,
        totalMonthlyCost: 565.64,
        pastTotalMonthlyCost: 565.64,
        diffTotalMonthlyCost: 0,
        errors: [],
      },
      {
        name: `${LOCATOR}/prod`,
        totalMonthlyCost: 1131.28,
        pastTotalMonthlyCost: 1131.28,
        diffTotalMonthlyCost: 0,
        errors: [],
      },
    ],
  },
  'diff__compare_to_cost_decrease.json': {
    currency: 'USD',
    totalMonthlyCost: 1303.28,
    pastTotalMonthlyCost: 2045.92,
    diffTotalMonthlyCost: -742.64,
    projects: [
      {
        name: 'REPLACED_PROJECT_PATH/testdata/diff_with_compare_to_format_json',
        totalMonthlyCost: 1303.28,
        pastTotalMonthlyCost: 2045.92,
        diffTotalMonthlyCost: -742.64,
        errors: [],
      },
    ],
  },
  'output__combined_5_projects_terraform_terragrunt.json': {
    currency: 'USD',
    totalMonthlyCost: 3027.528,
    pastTotalMonthlyCost: 5269.212,
    diffTotalMonthlyCost: -2241.684,
    projects: [
      {
        name: 'my first project',
        totalMonthlyCost: 742.64,
        pastTotalMonthlyCost: 1303.28,
        diffTotalMonthlyCost: -560.64,
        errors: [],
      },
      {
        name: 'my first project again',
        totalMonthlyCost: 742.64,
        pastTotalMonthlyCost: 1303.28,
        diffTotalMonthlyCost: -560.64,
        errors: [],
      },
      {
        name: 'my terragrunt dev project',
        totalMonthlyCost: 51.968,
        pastTotalMonthlyCost: 51.092,
        diffTotalMonthlyCost: 0.876,
        errors: [],
      },
      {
        name: 'my terragrunt prod project',
        totalMonthlyCost: 747.64,
        pastTotalMonthlyCost: 1308.28,
        diffTotalMonthlyCost: -560.64,
        errors: [],
      },
      {
        name: 'my workspace project',
        totalMonthlyCost: 742.64,
        pastTotalMonthlyCost: 1303.28,
        diffTotalMonthlyCost: -560.64,
        errors: [],
      },
    ],
  },
};

/** Runs `fn`, which must throw a CostFormatError, and returns that error. */
function formatError(fn: () => unknown): CostFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CostFormatError) return e;
    throw e;
  }
  throw new Error('expected a CostFormatError, nothing was thrown');
}

type Json = Record<string, unknown>;

/** A fixture as a mutable plain object, for building broken variants. */
function fixtureObject(file: string): Json {
  return node(load(FIXTURES, file));
}

/** The object or array found by following `keys` from `value`. */
function node(value: unknown, ...keys: (string | number)[]): Json {
  let current = value;
  for (const key of keys) {
    current = node(current)[String(key)];
  }
  if (typeof current !== 'object' || current === null) {
    throw new Error(`no object at ${keys.join('.')}`);
  }
  return current as Json;
}

describe('summarizeCost over the infracost fixtures', () => {
  it('finds the fixtures where the test expects them', () => {
    // shared/ sits beside the repository, wherever it is cloned.
    expect(
      existsSync(resolve(FIXTURES, 'diff__changes_two_projects.json')),
    ).toBe(true);
  });

  it('has an expectation for every fixture file, and a file for every expectation', () => {
    const files = readdirSync(FIXTURES)
      .filter(f => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('summarizes %s', file => {
    expect(summarizeCost(load(FIXTURES, file))).toEqual(EXPECTED[file]);
  });

  it('expects tables where total - past = diff wherever all three are known', () => {
    const rows = Object.values(EXPECTED).flatMap(summary => [
      summary,
      ...summary.projects,
    ]);
    const complete = rows.flatMap(row =>
      row.totalMonthlyCost !== null &&
      row.pastTotalMonthlyCost !== null &&
      row.diffTotalMonthlyCost !== null
        ? [
            {
              change: row.totalMonthlyCost - row.pastTotalMonthlyCost,
              diff: row.diffTotalMonthlyCost,
            },
          ]
        : [],
    );
    // Only the legacy file's top level lacks past and diff.
    expect(complete.length).toBe(rows.length - 1);
    for (const { change, diff } of complete) {
      expect(change).toBeCloseTo(diff, 6);
    }
  });

  it('matches the project and error counts listed in SOURCES.md', () => {
    const counts = Object.fromEntries(
      Object.entries(EXPECTED).map(([file, s]) => [
        file,
        [s.projects.length, s.projects.filter(p => p.errors.length).length],
      ]),
    );
    expect(counts).toEqual({
      'breakdown__format_json_with_usage.json': [1, 0],
      'breakdown__google_with_tags.json': [1, 0],
      'breakdown__legacy_2021_schema.json': [1, 0],
      'breakdown__multi_project_with_error.json': [4, 2],
      'breakdown__no_projects.json': [0, 0],
      'breakdown__nochange.json': [1, 0],
      'breakdown__project_error.json': [1, 1],
      'breakdown__terraform_v0.14_plan.json': [1, 0],
      'diff__changes_two_projects.json': [2, 0],
      'diff__compare_to_cost_decrease.json': [1, 0],
      'output__combined_5_projects_terraform_terragrunt.json': [5, 0],
    });
  });
});

describe('parseMoney', () => {
  it('turns infracost decimal strings into numbers', () => {
    expect(parseMoney('12.3456', 'x')).toBe(12.3456);
    expect(parseMoney('743.6', 'x')).toBe(743.6);
    expect(parseMoney('0', 'x')).toBe(0);
    expect(parseMoney('-742.64', 'x')).toBe(-742.64);
    expect(parseMoney('1.86480479452054793334316749', 'x')).toBeCloseTo(
      1.8648047945,
      10,
    );
    expect(parseMoney('.5', 'x')).toBe(0.5);
    expect(parseMoney('1e3', 'x')).toBe(1000);
  });

  it('takes finite JSON numbers as they are', () => {
    expect(parseMoney(12.5, 'x')).toBe(12.5);
    expect(parseMoney(-3, 'x')).toBe(-3);
  });

  it('gives null for null or absent amounts', () => {
    expect(parseMoney(null, 'x')).toBeNull();
    expect(parseMoney(undefined, 'x')).toBeNull();
  });

  it.each([
    ['abc', 'the string "abc"'],
    ['', 'the string ""'],
    [' 12', 'the string " 12"'],
    ['12 ', 'the string "12 "'],
    ['12,30', 'the string "12,30"'],
    ['$12.30', 'the string "$12.30"'],
    ['0x10', 'the string "0x10"'],
    ['+5', 'the string "+5"'],
    ['Infinity', 'the string "Infinity"'],
    ['NaN', 'the string "NaN"'],
    ['1e999', 'the string "1e999"'],
    [true, 'the boolean true'],
    [{ amount: '1' }, 'an object'],
    [['1'], 'an array'],
  ])('refuses %j, naming the path', (value, shown) => {
    const error = formatError(() => parseMoney(value, 'projects[3].diff.x'));
    expect(error.path).toBe('projects[3].diff.x');
    expect(error.message).toBe(
      `projects[3].diff.x: expected a money amount such as "12.34", got ${shown}`,
    );
  });

  it('refuses non-finite numbers', () => {
    expect(() => parseMoney(Infinity, 'total')).toThrow(
      'total: expected a finite amount, got Infinity',
    );
    expect(() => parseMoney(NaN, 'total')).toThrow(
      'total: expected a finite amount, got NaN',
    );
  });

  it('keeps the message on one line and short for long or multi-line strings', () => {
    const error = formatError(() =>
      parseMoney(`12\n${'9'.repeat(200)}`, 'totalMonthlyCost'),
    );
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message.length).toBeLessThan(120);
    expect(error.message).toBe(
      'totalMonthlyCost: expected a money amount such as "12.34", got the string "12\\n99999999999999999999999999999999..."',
    );
  });
});

describe('summarizeCost rules for missing amounts and errors', () => {
  const base = {
    version: '0.2',
    currency: 'EUR',
    totalMonthlyCost: '10',
    pastTotalMonthlyCost: null,
    projects: [] as unknown[],
  };

  it('leaves absent or null totals null and never computes a diff', () => {
    const summary = summarizeCost({
      ...base,
      projects: [
        { name: 'no past', breakdown: { totalMonthlyCost: '10.5' } },
        {
          name: 'nulls',
          breakdown: { totalMonthlyCost: null },
          pastBreakdown: null,
          diff: { totalMonthlyCost: null },
        },
        {
          name: 'numbers',
          breakdown: { totalMonthlyCost: 7 },
          pastBreakdown: { totalMonthlyCost: 4 },
          diff: { totalMonthlyCost: 3 },
        },
      ],
    });
    expect(summary).toEqual({
      currency: 'EUR',
      totalMonthlyCost: 10,
      pastTotalMonthlyCost: null,
      diffTotalMonthlyCost: null,
      projects: [
        {
          name: 'no past',
          totalMonthlyCost: 10.5,
          pastTotalMonthlyCost: null,
          diffTotalMonthlyCost: null,
          errors: [],
        },
        {
          name: 'nulls',
          totalMonthlyCost: null,
          pastTotalMonthlyCost: null,
          diffTotalMonthlyCost: null,
          errors: [],
        },
        {
          name: 'numbers',
          totalMonthlyCost: 7,
          pastTotalMonthlyCost: 4,
          diffTotalMonthlyCost: 3,
          errors: [],
        },
      ],
    });
  });

  it('collects metadata.errors, string entries and a project-level error in order', () => {
    const summary = summarizeCost({
      ...base,
      projects: [
        {
          name: 'broken',
          metadata: {
            errors: [
              { code: 102, message: 'first', data: null, isError: true },
              'second',
              { code: 103, message: '' },
              { message: '   ' },
            ],
          },
          error: { message: 'third' },
        },
        { name: 'plain error', metadata: {}, error: 'it failed' },
        { name: 'empty error', metadata: null, error: '' },
      ],
    });
    expect(summary.projects.map(p => [p.name, p.errors])).toEqual([
      [
        'broken',
        [
          'first',
          'second',
          'error code 103 (no message)',
          'error with no message',
          'third',
        ],
      ],
      ['plain error', ['it failed']],
      ['empty error', []],
    ]);
  });

  it('accepts any three-letter currency code', () => {
    expect(summarizeCost({ ...base, currency: 'CHF' }).currency).toBe('CHF');
  });
});

describe('summarizeCost refuses what is not infracost output', () => {
  it.each(
    readdirSync(PLANS)
      .filter(f => f.endsWith('.json'))
      .sort(),
  )('says that the Terraform plan %s is not infracost output', file => {
    const error = formatError(() => summarizeCost(load(PLANS, file)));
    expect(error.path).toBe('');
    expect(error.message).toBe(
      'this is Terraform JSON (it has "format_version"), not infracost output; run `infracost breakdown --path <plan.json> --format json` on it first',
    );
  });

  it.each([
    [[], 'an array'],
    [[{ projects: [] }], 'an array'],
    [null, 'null'],
    ['{"projects": []}', 'the string "{\\"projects\\": []}"'],
    [42, 'the number 42'],
    [false, 'the boolean false'],
    [undefined, 'nothing'],
  ])('refuses the document %j', (doc, shown) => {
    expect(formatError(() => summarizeCost(doc)).message).toBe(
      `expected an infracost JSON object, got ${shown}`,
    );
  });

  it('refuses a document without projects', () => {
    const doc = fixtureObject('breakdown__nochange.json');
    delete doc.projects;
    const error = formatError(() => summarizeCost(doc));
    expect(error.path).toBe('projects');
    expect(error.message).toBe(
      'projects: expected the array of infracost projects, got nothing; is this the output of `infracost breakdown --format json`?',
    );
    expect(() => summarizeCost({})).toThrow(error.message);
  });

  it('refuses projects that are not an array', () => {
    expect(
      formatError(() =>
        summarizeCost({ currency: 'USD', projects: { name: 'p' } }),
      ).message,
    ).toBe(
      'projects: expected the array of infracost projects, got an object; is this the output of `infracost breakdown --format json`?',
    );
  });

  it('refuses the money string "abc", naming its JSON path', () => {
    const doc = fixtureObject('breakdown__multi_project_with_error.json');
    node(doc, 'projects', 2, 'breakdown').totalMonthlyCost = 'abc';
    const error = formatError(() => summarizeCost(doc));
    expect(error).toBeInstanceOf(CostFormatError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CostFormatError');
    expect(error.path).toBe('projects[2].breakdown.totalMonthlyCost');
    expect(error.message).toBe(
      'projects[2].breakdown.totalMonthlyCost: expected a money amount such as "12.34", got the string "abc"',
    );
  });

  it('refuses a bad top-level amount', () => {
    const doc = fixtureObject('diff__compare_to_cost_decrease.json');
    doc.diffTotalMonthlyCost = '-742,64';
    expect(() => summarizeCost(doc)).toThrow(
      'diffTotalMonthlyCost: expected a money amount such as "12.34", got the string "-742,64"',
    );
  });

  it('refuses a missing or malformed currency', () => {
    const doc = fixtureObject('breakdown__nochange.json');
    delete doc.currency;
    expect(() => summarizeCost(doc)).toThrow(
      'currency: expected a three-letter currency code such as "USD", got nothing',
    );
    expect(() =>
      summarizeCost({ currency: 'US Dollar', projects: [] }),
    ).toThrow(
      'currency: expected a three-letter currency code such as "USD", got the string "US Dollar"',
    );
  });

  it.each([
    [
      'a project that is not an object',
      (doc: Json) => {
        node(doc, 'projects')[1] = 'us1-prod';
      },
      'projects[1]: expected a project object, got the string "us1-prod"',
    ],
    [
      'a project without a name',
      (doc: Json) => {
        delete node(doc, 'projects', 3).name;
      },
      'projects[3].name: expected the project name as a string, got nothing',
    ],
    [
      'a breakdown that is not an object',
      (doc: Json) => {
        node(doc, 'projects', 0).pastBreakdown = '0';
      },
      'projects[0].pastBreakdown: expected a cost breakdown object, got the string "0"',
    ],
    [
      'metadata that is not an object',
      (doc: Json) => {
        node(doc, 'projects', 0).metadata = ['errors'];
      },
      'projects[0].metadata: expected an object, got an array',
    ],
    [
      'metadata.errors that is not an array',
      (doc: Json) => {
        node(doc, 'projects', 0, 'metadata').errors = 'boom';
      },
      'projects[0].metadata.errors: expected an array, got the string "boom"',
    ],
    [
      'an error without a message',
      (doc: Json) => {
        node(doc, 'projects', 1, 'metadata', 'errors')[0] = { code: 102 };
      },
      'projects[1].metadata.errors[0]: expected an error message or an object with a "message" string, got an object',
    ],
    [
      'a project-level error that is a number',
      (doc: Json) => {
        node(doc, 'projects', 2).error = 500;
      },
      'projects[2].error: expected an error message or an object with a "message" string, got the number 500',
    ],
  ])('refuses %s', (_what, breakIt, message) => {
    const doc = fixtureObject('breakdown__multi_project_with_error.json');
    breakIt(doc);
    const error = formatError(() => summarizeCost(doc));
    expect(error.message).toBe(message);
    expect(error.message).not.toMatch(/\n/);
  });
});
