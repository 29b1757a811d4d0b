import { findHardeningViolations } from './hardening';
import {
  createWorkflowValidator,
  describeErrors,
  loadPublishedWorkflowSchema,
  withRunName,
} from './schema';
import {
  firstJob,
  isObject,
  Job,
  jobNamed,
  jobsOf,
  JsonObject,
  objectAt,
  onlyJob,
  parseWorkflow,
  readWorkflow,
  readWorkflowText,
  stringAt,
  triggerInputs,
  triggersOf,
  WORKFLOW_NAMES,
  WorkflowName,
} from './workflowFile';

/** The contract with the backend's GitHub executor (docs/workflows.md). */
const CONTRACT: Record<
  WorkflowName,
  {
    runName: string;
    inputs: Record<string, { required: boolean }>;
    /** Each job's permissions, by job key. */
    permissions: Record<string, Record<string, string>>;
    /** Names of the artifacts uploaded, in file order; the last one is the backend's. */
    uploads: string[];
    concurrency: string;
    /** Where the concurrency group is: on the only job, or on the run (several jobs). */
    concurrencyOn: 'job' | 'run';
  }
> = {
  plan: {
    runName: 'tfpilot plan ${{ inputs.request_id }}',
    inputs: {
      request_id: { required: true },
      environment: { required: true },
      tool: { required: false },
      tool_version: { required: false },
    },
    permissions: { plan: { contents: 'read' } },
    uploads: ['tfpilot-plan'],
    concurrency: 'tfpilot-${{ inputs.environment }}-${{ inputs.request_id }}',
    concurrencyOn: 'job',
  },
  apply: {
    runName: 'tfpilot apply ${{ inputs.request_id }}',
    inputs: {
      request_id: { required: true },
      environment: { required: true },
      tool: { required: false },
      tool_version: { required: false },
      plan_run_id: { required: true },
    },
    permissions: { apply: { contents: 'read', actions: 'read' } },
    uploads: ['tfpilot-apply'],
    concurrency: 'tfpilot-${{ inputs.environment }}-${{ inputs.request_id }}',
    concurrencyOn: 'job',
  },
  destroy: {
    runName: 'tfpilot destroy ${{ inputs.request_id }}',
    inputs: {
      request_id: { required: true },
      environment: { required: true },
      tool: { required: false },
      tool_version: { required: false },
    },
    permissions: { destroy: { contents: 'read' } },
    uploads: ['tfpilot-destroy'],
    concurrency: 'tfpilot-${{ inputs.environment }}-${{ inputs.request_id }}',
    concurrencyOn: 'job',
  },
  drift: {
    runName: 'tfpilot drift ${{ inputs.environment }} ${{ inputs.batch_id }}',
    inputs: {
      environment: { required: true },
      request_ids: { required: true },
      batch_id: { required: true },
      tool: { required: false },
      tool_version: { required: false },
    },
    // Fan-out: prepare checks and splits, one check job per chunk, collect merges.
    permissions: {
      prepare: {},
      check: { contents: 'read' },
      collect: {},
    },
    uploads: ['tfpilot-drift-part-${{ matrix.chunk.index }}', 'tfpilot-drift'],
    concurrency:
      'tfpilot-drift-${{ inputs.environment }}-${{ inputs.batch_id }}',
    concurrencyOn: 'run',
  },
  cleanup: {
    runName: 'tfpilot cleanup ${{ inputs.request_id }}',
    inputs: { request_id: { required: true }, environment: { required: true } },
    permissions: { cleanup: { contents: 'write' } },
    uploads: [],
    concurrency: 'tfpilot-${{ inputs.environment }}-${{ inputs.request_id }}',
    concurrencyOn: 'job',
  },
};

const UPLOAD = /^actions\/upload-artifact@/;
const DOWNLOAD = /^actions\/download-artifact@/;

/** Every string in a value, with where it is. */
function stringsIn(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => stringsIn(item, `${path}[${i}]`));
  }
  if (isObject(value)) {
    return Object.entries(value).flatMap(([k, v]) =>
      stringsIn(v, `${path}.${k}`),
    );
  }
  return [];
}

describe('the workflows against SchemaStore’s github-workflow.json', () => {
  const published = loadPublishedWorkflowSchema();
  const validate = createWorkflowValidator(withRunName(published));

  it('is the draft-07 schema the schemastore package ships', () => {
    expect(published.$schema).toBe('http://json-schema.org/draft-07/schema');
    expect(Object.keys(objectAt(published, 'properties'))).toEqual(
      expect.arrayContaining(['on', 'jobs', 'permissions', 'concurrency']),
    );
  });

  it.each(WORKFLOW_NAMES)('tfpilot-%s.yml validates with no error', name => {
    expect(describeErrors(validate(readWorkflow(name)))).toEqual([]);
  });

  it.each(WORKFLOW_NAMES)(
    'tfpilot-%s.yml: the untouched published schema only lacks run-name',
    name => {
      const errors = createWorkflowValidator(published)(readWorkflow(name));
      expect(errors.map(e => [e.instancePath, e.params])).toEqual([
        ['', { additionalProperty: 'run-name' }],
      ]);
    },
  );

  const good = readWorkflow('plan');
  const job = onlyJob(good);
  const broken: Array<[string, JsonObject]> = [
    ['no jobs', { ...good, jobs: undefined }],
    [
      'a choice input without options',
      {
        ...good,
        on: {
          workflow_dispatch: {
            inputs: { x: { description: 'x', required: true, type: 'choice' } },
          },
        },
      },
    ],
    [
      'an unknown permission level',
      { ...good, permissions: { contents: 'admin' } },
    ],
    [
      'an unknown permission scope',
      { ...good, permissions: { everything: 'write' } },
    ],
    [
      'a job without runs-on',
      { ...good, jobs: { [job.key]: { ...job.raw, 'runs-on': undefined } } },
    ],
    [
      'a timeout that is not a number',
      {
        ...good,
        jobs: { [job.key]: { ...job.raw, 'timeout-minutes': 'soon' } },
      },
    ],
    [
      'a step key GitHub does not know',
      {
        ...good,
        jobs: {
          [job.key]: {
            ...job.raw,
            steps: [{ name: 'x', run: 'true', script: 'y' }],
          },
        },
      },
    ],
    [
      'concurrency without a group',
      { ...good, concurrency: { 'cancel-in-progress': true } },
    ],
    ['an unknown top-level key', { ...good, trigger: 'push' }],
  ];

  it.each(broken)('rejects a workflow with %s', (_label, workflow) => {
    expect(validate(JSON.parse(JSON.stringify(workflow)))).not.toEqual([]);
  });
});

/** Every step of every job. */
const allSteps = (jobs: Job[]) => jobs.flatMap(j => j.steps);

describe.each(WORKFLOW_NAMES)('tfpilot-%s.yml', name => {
  const text = readWorkflowText(name);
  const workflow = parseWorkflow(text);
  const jobs = jobsOf(workflow);
  const job = firstJob(workflow);
  const contract = CONTRACT[name];

  it('passes the hardening checks', () => {
    const allowWrite = name === 'cleanup' ? ['contents'] : [];
    expect(findHardeningViolations(text, { allowWrite })).toEqual([]);
  });

  it('has the run-name the backend finds its runs by', () => {
    expect(workflow['run-name']).toBe(contract.runName);
  });

  it('is dispatched and called, with the same inputs', () => {
    expect(Object.keys(triggersOf(workflow)).sort()).toEqual([
      'workflow_call',
      'workflow_dispatch',
    ]);
    for (const trigger of ['workflow_dispatch', 'workflow_call'] as const) {
      const inputs = triggerInputs(workflow, trigger);
      expect(Object.keys(inputs).sort()).toEqual(
        Object.keys(contract.inputs).sort(),
      );
      for (const [input, { required }] of Object.entries(contract.inputs)) {
        expect([trigger, input, objectAt(inputs, input).required]).toEqual([
          trigger,
          input,
          required,
        ]);
        const description = stringAt(objectAt(inputs, input), 'description');
        expect(description?.length).toBeGreaterThan(0);
      }
    }
  });

  it('offers tofu and terraform, tofu by default, and an empty version for the default', () => {
    if (!('tool' in contract.inputs)) return;
    const dispatch = triggerInputs(workflow, 'workflow_dispatch');
    const call = triggerInputs(workflow, 'workflow_call');
    expect(objectAt(dispatch, 'tool')).toMatchObject({
      type: 'choice',
      options: ['tofu', 'terraform'],
      default: 'tofu',
    });
    expect(objectAt(call, 'tool')).toMatchObject({
      type: 'string',
      default: 'tofu',
    });
    for (const inputs of [dispatch, call]) {
      expect(objectAt(inputs, 'tool_version')).toMatchObject({
        type: 'string',
        default: '',
      });
    }
  });

  it('grants nothing at the top and least privilege to each job', () => {
    expect(workflow.permissions).toEqual({});
    expect(
      Object.fromEntries(jobs.map(j => [j.key, j.raw.permissions])),
    ).toEqual(contract.permissions);
  });

  it('keeps runs on the same state from overlapping', () => {
    const group = { group: contract.concurrency, 'cancel-in-progress': false };
    // Every concurrency setting, by where it is.
    const settings = Object.fromEntries(
      [
        ['run', workflow.concurrency],
        ...jobs.map(j => [`jobs.${j.key}`, j.raw.concurrency]),
      ].filter(([, value]) => value !== undefined),
    );
    // On the only job; with several jobs on the run, since on a matrix job
    // the group would queue the run's own chunks one by one.
    expect(settings).toEqual(
      contract.concurrencyOn === 'job'
        ? { [`jobs.${onlyJob(workflow).key}`]: group }
        : { run: group },
    );
  });

  it('uploads the artifacts the backend downloads', () => {
    const uploads = allSteps(jobs).filter(s => s.uses && UPLOAD.test(s.uses));
    expect(uploads.map(s => s.with.name)).toEqual(contract.uploads);
    for (const upload of uploads) {
      // The folder holds what is meant to leave the runner, nothing else.
      expect(upload.with.path).toBe(`\${{ runner.temp }}/${upload.with.name}/`);
    }
  });

  it('checks every input in its first step, before any other use', () => {
    const [first] = job.steps;
    expect(first.id).toBe('inputs');
    const read = Object.values(first.env)
      .map(v => /^\$\{\{ inputs\.([a-z_]+) \}\}$/.exec(v)?.[1])
      .sort();
    expect(read).toEqual(Object.keys(contract.inputs).sort());
    // Elsewhere inputs appear only where GitHub needs them before any step runs;
    // later jobs read the first job's checked outputs instead.
    const uses = Object.entries(workflow)
      .filter(([key]) => key !== 'on' && key !== 'run-name')
      .flatMap(([key, value]) => stringsIn(value, key))
      .filter(([, v]) => /(?<![.\w])inputs\./.test(v))
      .map(([path]) => path)
      .filter(path => !path.startsWith(`jobs.${job.key}.steps[0].env.`));
    expect(uses).toEqual([
      contract.concurrencyOn === 'job'
        ? `jobs.${job.key}.concurrency.group`
        : 'concurrency.group',
    ]);
  });

  it('keeps binary plan files out of the uploaded folders', () => {
    const scripts = allSteps(jobs)
      .map(s => s.run ?? '')
      .join('\n');
    for (const match of scripts.matchAll(/plan_file="([^"]*)"/g)) {
      expect(match[1]).toMatch(/^\$RUNNER_TEMP\/[A-Za-z0-9$._-]+\.tfplan$/);
    }
    for (const match of scripts.matchAll(/-out=("?)([^\s"]+)\1/g)) {
      expect(match[2]).toBe('$plan_file');
    }
  });
});

describe('contract details', () => {
  it('apply downloads the approved plan run’s tfpilot-plan artifact', () => {
    const job = onlyJob(readWorkflow('apply'));
    const downloads = job.steps.filter(s => s.uses && DOWNLOAD.test(s.uses));
    expect(downloads).toHaveLength(1);
    expect(downloads[0].with).toEqual({
      name: 'tfpilot-plan',
      path: '${{ runner.temp }}/tfpilot-approved',
      'run-id': '${{ steps.inputs.outputs.plan_run_id }}',
      'github-token': '${{ github.token }}',
    });
  });

  it('plan takes the Infracost key as an optional secret and skips cleanly without it', () => {
    const workflow = readWorkflow('plan');
    const call = objectAt(triggersOf(workflow), 'workflow_call');
    expect(objectAt(call, 'secrets')).toEqual({
      INFRACOST_API_KEY: {
        description: expect.any(String),
        required: false,
      },
    });
    const job = onlyJob(workflow);
    const infracostSteps = job.steps.filter(
      s => s.uses?.startsWith('infracost/') || s.run?.includes('infracost '),
    );
    expect(infracostSteps.length).toBeGreaterThan(0);
    for (const step of infracostSteps) {
      expect(step.if).toBe("steps.infracost.outputs.enabled == 'true'");
    }
  });

  it('uses one sensitive-value redaction program everywhere a plan leaves the runner', () => {
    const programs = (['plan', 'apply', 'destroy', 'drift'] as const).map(
      name => {
        // The job that runs the tool; drift's prepare and collect run none.
        const found = jobsOf(readWorkflow(name)).flatMap(j =>
          j.env.TFPILOT_REDACT_JQ === undefined
            ? []
            : [j.env.TFPILOT_REDACT_JQ],
        );
        expect([name, found.length]).toEqual([name, 1]);
        return found[0];
      },
    );
    expect(programs[0]).toContain('(sensitive)');
    expect(new Set(programs).size).toBe(1);
  });

  it('uses the same input checks in every workflow and every job', () => {
    const lines = (pattern: RegExp) =>
      new Set(
        WORKFLOW_NAMES.flatMap(name =>
          allSteps(jobsOf(readWorkflow(name)))
            .flatMap(step => (step.run ?? '').split('\n'))
            .filter(line => pattern.test(line)),
        ),
      );
    expect(lines(/^request_id_re=/).size).toBe(1);
    expect(lines(/^environment_re=/).size).toBe(1);
    expect(lines(/^version_re=/).size).toBe(1);
    expect(lines(/^\s+(tofu|terraform)\) default_version=/).size).toBe(2);
  });
});

describe('tfpilot-drift.yml fans out inside one run', () => {
  const workflow = readWorkflow('drift');
  const prepare = jobNamed(workflow, 'prepare');
  const check = jobNamed(workflow, 'check');
  const collect = jobNamed(workflow, 'collect');
  const scriptOf = (job: Job, step: string) =>
    job.steps.find(s => s.id === step || s.name === step)?.run ?? '';
  /** `name=value` of a shell assignment in a script, as a number. */
  const numberIn = (script: string, name: string) =>
    Number(new RegExp(`^${name}=(\\d+)$`, 'm').exec(script)?.[1]);

  it('has three jobs: prepare, one check per chunk, collect', () => {
    expect(jobsOf(workflow).map(j => j.key)).toEqual([
      'prepare',
      'check',
      'collect',
    ]);
    expect(prepare.raw.needs).toBeUndefined();
    expect(check.raw.needs).toBe('prepare');
    expect(collect.raw.needs).toEqual(['prepare', 'check']);
  });

  it('runs a chunk per matrix job, all of them even when one fails, a bounded number at a time', () => {
    expect(check.raw.strategy).toEqual({
      'fail-fast': false,
      'max-parallel': 10,
      matrix: { chunk: '${{ fromJSON(needs.prepare.outputs.chunks) }}' },
    });
    // The job's title shows the chunk's index, not its 50 ids.
    expect(check.raw.name).toBe('check ${{ matrix.chunk.index }}');
  });

  it('passes on only values the prepare job checked', () => {
    expect(prepare.raw.outputs).toEqual({
      tool: '${{ steps.inputs.outputs.tool }}',
      tool_version: '${{ steps.inputs.outputs.tool_version }}',
      environment: '${{ steps.inputs.outputs.environment }}',
      batch_id: '${{ steps.inputs.outputs.batch_id }}',
      chunks: '${{ steps.chunks.outputs.chunks }}',
    });
    expect(scriptOf(prepare, 'chunks')).toContain(
      'echo "chunks=$chunks" >>"$GITHUB_OUTPUT"',
    );
    for (const output of ['tool', 'tool_version', 'environment', 'batch_id']) {
      expect(scriptOf(prepare, 'inputs')).toMatch(
        new RegExp(`^\\s*echo "${output}=\\$`, 'm'),
      );
    }
    // needs and matrix values reach scripts only through env:, checked again there.
    const reads = (job: Job) =>
      job.steps.flatMap(s =>
        Object.values(s.env).filter(v => /needs\.|matrix\./.test(v)),
      );
    expect(reads(check)).toEqual([
      '${{ needs.prepare.outputs.environment }}',
      '${{ needs.prepare.outputs.tool }}',
      '${{ matrix.chunk.index }}',
      '${{ matrix.chunk.ids }}',
    ]);
    expect(check.steps[0].id).toBe('chunk');
    expect(reads(collect)).toEqual([
      '${{ needs.prepare.outputs.environment }}',
      '${{ needs.prepare.outputs.batch_id }}',
      '${{ needs.prepare.outputs.chunks }}',
    ]);
    expect(collect.steps[0].id).toBe('batch');
  });

  it('agrees on the limits: 2000 requests a run, 50 a chunk, within GitHub’s 256 jobs a matrix', () => {
    const maxRequests = numberIn(scriptOf(prepare, 'inputs'), 'max_requests');
    const chunkSize = numberIn(scriptOf(prepare, 'chunks'), 'chunk_size');
    expect(maxRequests).toBe(2000);
    expect(chunkSize).toBe(50);
    expect(numberIn(scriptOf(check, 'chunk'), 'max_chunk')).toBe(chunkSize);
    expect(numberIn(scriptOf(collect, 'batch'), 'max_requests')).toBe(
      maxRequests,
    );
    expect(Math.ceil(maxRequests / chunkSize)).toBeLessThanOrEqual(256);
  });

  it('runs the tool only in the check jobs', () => {
    const usesOf = (job: Job) =>
      job.steps.flatMap(s => (s.uses ? [s.uses] : []));
    expect(usesOf(prepare)).toEqual([]);
    expect(usesOf(collect).map(u => u.split('@')[0])).toEqual([
      'actions/download-artifact',
      'actions/upload-artifact',
    ]);
    expect(usesOf(check).map(u => u.split('@')[0])).toEqual([
      'actions/checkout',
      'opentofu/setup-opentofu',
      'hashicorp/setup-terraform',
      'actions/upload-artifact',
    ]);
  });

  it('uploads each chunk as a short-lived part', () => {
    const parts = check.steps.filter(s => s.uses && UPLOAD.test(s.uses));
    expect(parts.map(s => s.with)).toEqual([
      {
        name: 'tfpilot-drift-part-${{ matrix.chunk.index }}',
        path: '${{ runner.temp }}/tfpilot-drift-part-${{ matrix.chunk.index }}/',
        'if-no-files-found': 'error',
        'retention-days': 1,
        overwrite: true,
      },
    ]);
    // Without an if:, only a chunk that checked all its requests uploads.
    expect(parts[0].if).toBeUndefined();
  });

  it('collects after failed chunks too, from this run’s parts, with no token', () => {
    expect(collect.raw.if).toBe(
      "${{ !cancelled() && needs.prepare.result == 'success' }}",
    );
    const downloads = collect.steps.filter(
      s => s.uses && DOWNLOAD.test(s.uses),
    );
    expect(downloads.map(s => s.with)).toEqual([
      {
        pattern: 'tfpilot-drift-part-*',
        path: '${{ runner.temp }}/tfpilot-drift',
        'merge-multiple': true,
      },
    ]);
    const uploads = collect.steps.filter(s => s.uses && UPLOAD.test(s.uses));
    expect(uploads.map(s => s.with.name)).toEqual(['tfpilot-drift']);
    // The pattern (a prefix and *) takes every part and never the merged artifact.
    const prefix = String(downloads[0].with.pattern).replace(/\*$/, '');
    const part = check.steps.find(s => s.uses && UPLOAD.test(s.uses));
    expect(String(part?.with.name).startsWith(prefix)).toBe(true);
    expect('tfpilot-drift'.startsWith(prefix)).toBe(false);
  });
});
