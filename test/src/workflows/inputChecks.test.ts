import {
  environmentSchema,
  newRequestId,
  REQUEST_ID_PATTERN,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRunner, StepResult } from './localRunner';
import { readWorkflow, WORKFLOW_NAMES, WorkflowName } from './workflowFile';

/**
 * The first step of every workflow ("Check inputs") run with bash, as on a
 * runner, against good values and hostile ones.
 */

const root = mkdtempSync(join(tmpdir(), 'tfpilot-inputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ID = newRequestId(Date.UTC(2026, 0, 2));
const ID2 = newRequestId(Date.UTC(2026, 0, 3));
const CANARY = join(root, 'CANARY');

/** Where each workflow is dispatched. */
function refFor(name: WorkflowName, requestId: string): string {
  return name === 'plan' || name === 'apply'
    ? `refs/heads/tfpilot/${requestId}`
    : 'refs/heads/main';
}

const GOOD: Record<WorkflowName, Record<string, string>> = {
  plan: { request_id: ID, environment: 'dev', tool: 'tofu', tool_version: '' },
  apply: {
    request_id: ID,
    environment: 'dev',
    tool: 'tofu',
    tool_version: '',
    plan_run_id: '12345678901',
  },
  destroy: {
    request_id: ID,
    environment: 'dev',
    tool: 'tofu',
    tool_version: '',
  },
  drift: {
    environment: 'dev',
    request_ids: `${ID} ${ID2}`,
    batch_id: 'nightly-2026_01_02',
    tool: 'tofu',
    tool_version: '',
  },
  cleanup: { request_id: ID, environment: 'dev' },
};

/** `count` distinct request ids, in time order. */
function manyIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    newRequestId(Date.UTC(2026, 0, 1) + i),
  );
}

let runs = 0;
async function checkInputs(
  name: WorkflowName,
  inputs: Record<string, string>,
  ref = refFor(name, inputs.request_id ?? ID),
): Promise<StepResult> {
  const temp = join(root, `run-${++runs}`);
  const runner = new LocalRunner(readWorkflow(name), {
    workspace: root,
    temp: mkdtempSync(`${temp}-`),
    github: { GITHUB_REF: ref },
    context: { inputs },
  });
  return runner.run('inputs');
}

/** Values no input accepts, whatever it is. */
const HOSTILE = [
  '',
  ' ',
  `x; touch ${CANARY}`,
  `$(touch ${CANARY})`,
  `\`touch ${CANARY}\``,
  `"; touch ${CANARY}; echo "`,
  `' || touch ${CANARY} #`,
  '../../../etc/passwd',
  'dev\nTFPILOT_TOOL=evil',
  '%0A::error::forged',
  '${IFS}',
  '-rf',
  '*',
  'dév',
  '\u0430bc', // Cyrillic а
  '\uff10\uff11', // full-width digits
  'x'.repeat(5000),
];

const NEAR_MISSES: Record<string, string[]> = {
  request_id: [
    ID.toUpperCase(),
    ID.slice(1),
    `${ID}0`,
    `${ID.slice(0, 25)}i`,
    `${ID.slice(0, 25)}l`,
    `${ID.slice(0, 25)}o`,
    `${ID.slice(0, 25)}u`,
    `${ID}\n`,
    ` ${ID}`,
  ],
  environment: ['Dev', '1dev', 'dev_1', 'dev ', `a${'b'.repeat(32)}`, '-dev'],
  tool: ['Tofu', 'tofu ', 'bash', 'terraform;id', 'opentofu'],
  tool_version: ['latest', '1.2', 'v1.12.6', '1.12.6;id', '~> 1.12', '1.12.6 '],
  plan_run_id: ['0', '0123', '12a', '-1', '1'.repeat(21), ' 123', '1e9'],
  batch_id: ['a b', 'x'.repeat(65), 'a/b', 'a.b', 'nightly\n'],
  request_ids: [
    ID.toUpperCase(),
    `${ID},${ID2}`,
    `${ID}\n${ID2}`,
    `${ID}\t${ID2}`,
    `${ID} ${ID2.slice(1)}`,
    `${ID} x`,
  ],
};

/** Hostile-looking values an input's contract does accept. */
function acceptedByContract(input: string, value: string): boolean {
  if (input === 'tool_version') return value === ''; // the default version
  if (input === 'batch_id') return /^[A-Za-z0-9_-]{1,64}$/.test(value); // e.g. "-rf"
  return false;
}

/** What is wrong with how a step refused a value (nothing when it refused it well). */
function refusalProblems(result: StepResult, input: string): string[] {
  const problems: string[] = [];
  if (result.status === 0) problems.push('accepted');
  const named = new RegExp(`^::error title=Invalid input::${input}[ :]`, 'm');
  if (!named.test(result.stdout)) problems.push(`no error naming ${input}`);
  if (Object.keys(result.outputs).length > 0) problems.push('wrote outputs');
  if (Object.keys(result.exported).length > 0) problems.push('exported values');
  if (existsSync(CANARY)) problems.push('ran an injected command');
  return problems;
}

function expectRefused(result: StepResult, input: string): void {
  expect(refusalProblems(result, input)).toEqual([]);
}

describe.each(WORKFLOW_NAMES)('tfpilot-%s.yml "Check inputs"', name => {
  const good = GOOD[name];

  it('accepts good inputs and exports only checked values', async () => {
    const result = await checkInputs(name, good);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const tool = 'tool' in good;
    const expected: Record<string, string> =
      name === 'drift'
        ? {
            TFPILOT_ENVIRONMENT: 'dev',
            TFPILOT_REQUEST_IDS: `${ID} ${ID2}`,
            TFPILOT_BATCH_ID: 'nightly-2026_01_02',
            TFPILOT_TOOL: 'tofu',
          }
        : {
            TFPILOT_ENVIRONMENT: 'dev',
            TFPILOT_REQUEST_ID: ID,
            TFPILOT_WORKDIR: `tfpilot/dev/${ID}`,
            ...(tool ? { TFPILOT_TOOL: 'tofu' } : {}),
            ...(name === 'apply' ? { TFPILOT_PLAN_RUN_ID: '12345678901' } : {}),
          };
    expect(result.exported).toEqual(expected);
    expect(result.outputs).toEqual({
      ...(tool ? { tool: 'tofu', tool_version: '1.12.6' } : {}),
      ...(name === 'apply' ? { plan_run_id: '12345678901' } : {}),
      // drift's later jobs read these from the prepare job's outputs.
      ...(name === 'drift'
        ? { environment: 'dev', batch_id: 'nightly-2026_01_02' }
        : {}),
    });
  });

  it.each(Object.keys(good))(
    'refuses hostile values of %s, naming it',
    async input => {
      const values = [...HOSTILE, ...(NEAR_MISSES[input] ?? [])].filter(
        v => !acceptedByContract(input, v),
      );
      const problems: string[] = [];
      for (const value of values) {
        const result = await checkInputs(name, { ...good, [input]: value });
        problems.push(
          ...refusalProblems(result, input).map(
            p => `${input}=${JSON.stringify(value).slice(0, 60)}: ${p}`,
          ),
        );
      }
      expect(problems).toEqual([]);
    },
  );
});

describe('tool and version', () => {
  it('defaults the version per tool and keeps an exact one', async () => {
    const terraform = await checkInputs('plan', {
      ...GOOD.plan,
      tool: 'terraform',
    });
    expect(terraform.outputs).toEqual({
      tool: 'terraform',
      tool_version: '1.15.9',
    });
    const exact = await checkInputs('plan', {
      ...GOOD.plan,
      tool_version: '1.11.0-rc1',
    });
    expect(exact.outputs).toEqual({ tool: 'tofu', tool_version: '1.11.0-rc1' });
  });
});

describe('where the workflows run', () => {
  it('plan and apply run only on the request’s own branch', async () => {
    for (const name of ['plan', 'apply'] as const) {
      for (const ref of [
        'refs/heads/main',
        `refs/heads/tfpilot/${ID2}`,
        `refs/tags/tfpilot/${ID}`,
      ]) {
        const result = await checkInputs(name, GOOD[name], ref);
        expect(result.status).not.toBe(0);
        expect(result.stdout).toContain('::error title=Wrong branch::');
        expect(result.exported).toEqual({});
      }
    }
  });

  it('destroy, drift and cleanup run only on a base branch', async () => {
    for (const name of ['destroy', 'drift', 'cleanup'] as const) {
      expect(
        (await checkInputs(name, GOOD[name], 'refs/heads/release/v2')).status,
      ).toBe(0);
      for (const ref of [
        `refs/heads/tfpilot/${ID}`,
        'refs/tags/v1.0.0',
        'refs/pull/1/merge',
      ]) {
        const result = await checkInputs(name, GOOD[name], ref);
        expect(result.status).not.toBe(0);
        expect(result.stdout).toContain('::error title=Wrong branch::');
      }
    }
  });
});

describe('drift request_ids', () => {
  it('takes any number of spaces between ids and drops repeats', async () => {
    const result = await checkInputs('drift', {
      ...GOOD.drift,
      request_ids: `  ${ID}   ${ID2} ${ID}  `,
    });
    expect(result.status).toBe(0);
    expect(result.exported.TFPILOT_REQUEST_IDS).toBe(`${ID} ${ID2}`);
  });

  it('names the id that is not one', async () => {
    const bad = `${ID.slice(0, 25)}u`;
    const result = await checkInputs('drift', {
      ...GOOD.drift,
      request_ids: `${ID} ${bad}`,
    });
    expect(result.stdout).toContain(
      `::error title=Invalid input::request_ids: ${bad} is not`,
    );
  });

  it('takes at most 2000 requests a run, within GitHub’s 65,535 characters an input', async () => {
    const ids = manyIds(2001);
    const refused = await checkInputs('drift', {
      ...GOOD.drift,
      request_ids: ids.join(' '),
    });
    expectRefused(refused, 'request_ids');
    expect(refused.stdout).toContain(
      'request_ids lists 2001 requests; at most 2000 a run: split the batch',
    );
    const most = ids.slice(0, 2000).join(' ');
    expect(most.length).toBeLessThanOrEqual(65_535);
    const ok = await checkInputs('drift', { ...GOOD.drift, request_ids: most });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.exported.TFPILOT_REQUEST_IDS).toBe(most);
    // Repeats do not count towards the limit.
    const repeated = await checkInputs('drift', {
      ...GOOD.drift,
      request_ids: `${most} ${ids[0]} ${ids[1999]}`,
    });
    expect(repeated.status).toBe(0);
  });
});

describe('the shell checks agree with the request schema', () => {
  const candidates = [
    ID,
    ID.toUpperCase(),
    '0'.repeat(26),
    'z'.repeat(26),
    'i'.repeat(26),
    ...NEAR_MISSES.request_id,
    ...HOSTILE,
  ];

  it('request ids: bash accepts exactly what REQUEST_ID_PATTERN accepts', async () => {
    for (const id of candidates) {
      const result = await checkInputs('cleanup', {
        ...GOOD.cleanup,
        request_id: id,
      });
      expect([id, result.status === 0]).toEqual([
        id,
        REQUEST_ID_PATTERN.test(id),
      ]);
    }
  });

  it('environments: bash accepts exactly what environmentSchema accepts', async () => {
    const environments = [
      'dev',
      'prod-eu-1',
      'a',
      `a${'b'.repeat(31)}`,
      ...NEAR_MISSES.environment,
      ...HOSTILE,
    ];
    for (const environment of environments) {
      const result = await checkInputs('cleanup', {
        ...GOOD.cleanup,
        environment,
      });
      expect([environment, result.status === 0]).toEqual([
        environment,
        environmentSchema.safeParse(environment).success,
      ]);
    }
  });
});

/**
 * drift's later jobs read the prepare job's outputs and their matrix values,
 * not inputs; each checks what it gets again before using it.
 */
describe('drift re-checks what its later jobs get', () => {
  const CHECK_GOOD = {
    environment: 'dev',
    tool: 'tofu',
    index: '3',
    ids: `${ID} ${ID2}`,
  };

  async function checkChunk(
    values: Record<string, string>,
    ref = 'refs/heads/main',
  ): Promise<StepResult> {
    const runner = new LocalRunner(readWorkflow('drift'), {
      job: 'check',
      workspace: root,
      temp: mkdtempSync(join(root, `chunk-${++runs}-`)),
      github: { GITHUB_REF: ref },
      context: {
        needs: {
          prepare: {
            outputs: { environment: values.environment, tool: values.tool },
          },
        },
        matrix: { chunk: { index: values.index, ids: values.ids } },
      },
    });
    return runner.run('chunk');
  }

  async function checkBatch(values: Record<string, string>) {
    const runner = new LocalRunner(readWorkflow('drift'), {
      job: 'collect',
      workspace: root,
      temp: mkdtempSync(join(root, `batch-${++runs}-`)),
      github: { GITHUB_REF: 'refs/heads/main' },
      context: { needs: { prepare: { outputs: values } } },
    });
    return runner.run('batch');
  }

  /** What is wrong with how a later job refused a value. */
  function refused(result: StepResult, title: string, what: string): string[] {
    const problems: string[] = [];
    if (result.status === 0) problems.push('accepted');
    if (!result.stdout.includes(`::error title=${title}::${what}`))
      problems.push(`no error naming ${what}`);
    if (Object.keys(result.exported).length > 0) problems.push('exported');
    if (existsSync(CANARY)) problems.push('ran an injected command');
    return problems;
  }

  it('a check job takes its chunk and exports only checked values', async () => {
    const result = await checkChunk(CHECK_GOOD);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.exported).toEqual({
      TFPILOT_ENVIRONMENT: 'dev',
      TFPILOT_REQUEST_IDS: `${ID} ${ID2}`,
      TFPILOT_TOOL: 'tofu',
      TFPILOT_CHUNK: '3',
    });
  });

  it.each<[string, string[]]>([
    ['environment', [...HOSTILE, ...NEAR_MISSES.environment]],
    ['tool', [...HOSTILE, ...NEAR_MISSES.tool]],
    ['index', [...HOSTILE, '-1', '01', '1000', '1.5', '3 ', '0x1']],
    ['ids', [...HOSTILE, ...NEAR_MISSES.request_ids, manyIds(51).join(' ')]],
  ])('a check job refuses hostile values of its %s', async (key, values) => {
    const problems: string[] = [];
    for (const value of values) {
      const result = await checkChunk({ ...CHECK_GOOD, [key]: value });
      problems.push(
        ...refused(result, 'Invalid chunk', key).map(
          p => `${key}=${JSON.stringify(value).slice(0, 60)}: ${p}`,
        ),
      );
    }
    expect(problems).toEqual([]);
  });

  it('a check job takes 50 ids, and runs only on a base branch', async () => {
    const fifty = manyIds(50).join(' ');
    expect((await checkChunk({ ...CHECK_GOOD, ids: fifty })).status).toBe(0);
    const wrong = await checkChunk(CHECK_GOOD, `refs/heads/tfpilot/${ID}`);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toContain('::error title=Wrong branch::');
    expect(wrong.exported).toEqual({});
  });

  const BATCH_GOOD = {
    environment: 'dev',
    batch_id: 'nightly',
    chunks: JSON.stringify([
      { index: 0, ids: ID },
      { index: 1, ids: ID2 },
    ]),
  };

  it('collect takes the chunks and exports every id, in order', async () => {
    const result = await checkBatch(BATCH_GOOD);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.exported).toEqual({
      TFPILOT_ENVIRONMENT: 'dev',
      TFPILOT_BATCH_ID: 'nightly',
      TFPILOT_REQUEST_IDS: `${ID} ${ID2}`,
    });
  });

  it.each<[string, string[]]>([
    ['environment', [...HOSTILE, ...NEAR_MISSES.environment]],
    [
      'batch_id',
      [...HOSTILE, ...NEAR_MISSES.batch_id].filter(
        v => !acceptedByContract('batch_id', v),
      ),
    ],
    [
      'chunks',
      [
        ...HOSTILE,
        '{}',
        '[]',
        'null',
        '[1]',
        '[{"index":0}]',
        '[{"index":0,"ids":5}]',
        JSON.stringify([{ index: 0, ids: `${ID} $(touch ${CANARY})` }]),
        JSON.stringify([{ index: 0, ids: `${ID}\n${ID2}` }]),
        JSON.stringify([{ index: 0, ids: `${ID} ${ID.toUpperCase()}` }]),
        JSON.stringify([{ index: 0, ids: `${ID} ${ID2.slice(1)}` }]),
        JSON.stringify([
          { index: 0, ids: ID },
          { index: 1, ids: ID },
        ]),
        JSON.stringify([{ index: 0, ids: manyIds(2001).join(' ') }]),
      ],
    ],
  ])('collect refuses hostile values of %s', async (key, values) => {
    const problems: string[] = [];
    for (const value of values) {
      const result = await checkBatch({ ...BATCH_GOOD, [key]: value });
      problems.push(
        ...refused(result, 'Invalid batch', key).map(
          p => `${key}=${JSON.stringify(value).slice(0, 60)}: ${p}`,
        ),
      );
    }
    expect(problems).toEqual([]);
  });
});
