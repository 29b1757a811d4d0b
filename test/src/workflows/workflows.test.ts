import { findHardeningViolations } from './hardening';
import {
  createWorkflowValidator,
  describeErrors,
  loadPublishedWorkflowSchema,
  withRunName,
} from './schema';
import {
  isObject,
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
    permissions: Record<string, string>;
    uploads: string[];
    concurrency: string;
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
    permissions: { contents: 'read' },
    uploads: ['tfpilot-plan'],
    concurrency: 'tfpilot-${{ inputs.environment }}-${{ inputs.request_id }}',
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
    permissions: { contents: 'read', actions: 'read' },
    uploads: ['tfpilot-apply'],
    concurrency: 'tfpilot-${{ inputs.environment }}-${{ inputs.request_id }}',
  },
  destroy: {
    runName: 'tfpilot destroy ${{ inputs.request_id }}',
    inputs: {
      request_id: { required: true },
      environment: { required: true },
      tool: { required: false },
      tool_version: { required: false },
    },
    permissions: { contents: 'read' },
    uploads: ['tfpilot-destroy'],
    concurrency: 'tfpilot-${{ inputs.environment }}-${{ inputs.request_id }}',
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
    permissions: { contents: 'read' },
    uploads: ['tfpilot-drift'],
    concurrency:
      'tfpilot-drift-${{ inputs.environment }}-${{ inputs.batch_id }}',
  },
  cleanup: {
    runName: 'tfpilot cleanup ${{ inputs.request_id }}',
    inputs: { request_id: { required: true }, environment: { required: true } },
    permissions: { contents: 'write' },
    uploads: [],
    concurrency: 'tfpilot-${{ inputs.environment }}-${{ inputs.request_id }}',
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

describe.each(WORKFLOW_NAMES)('tfpilot-%s.yml', name => {
  const text = readWorkflowText(name);
  const workflow = parseWorkflow(text);
  const job = onlyJob(workflow);
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

  it('grants nothing at the top and least privilege to its job', () => {
    expect(workflow.permissions).toEqual({});
    expect(job.raw.permissions).toEqual(contract.permissions);
  });

  it('keeps runs on the same state from overlapping', () => {
    expect(job.raw.concurrency ?? workflow.concurrency).toEqual({
      group: contract.concurrency,
      'cancel-in-progress': false,
    });
  });

  it('uploads the artifacts the backend downloads', () => {
    const uploads = job.steps.filter(s => s.uses && UPLOAD.test(s.uses));
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
    // Elsewhere inputs appear only where GitHub needs them before any step runs.
    const uses = stringsIn(job.raw, `jobs.${job.key}`)
      .filter(([, v]) => /(?<![.\w])inputs\./.test(v))
      .map(([path]) => path)
      .filter(path => !path.startsWith(`jobs.${job.key}.steps[0].env.`));
    expect(uses).toEqual([`jobs.${job.key}.concurrency.group`]);
  });

  it('keeps binary plan files out of the uploaded folders', () => {
    const scripts = job.steps.map(s => s.run ?? '').join('\n');
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
      name => onlyJob(readWorkflow(name)).env.TFPILOT_REDACT_JQ,
    );
    expect(programs[0]).toContain('(sensitive)');
    expect(new Set(programs).size).toBe(1);
  });

  it('uses the same input checks in every workflow', () => {
    const lines = (pattern: RegExp) =>
      new Set(
        WORKFLOW_NAMES.flatMap(name =>
          (onlyJob(readWorkflow(name)).steps[0].run ?? '')
            .split('\n')
            .filter(line => pattern.test(line)),
        ),
      );
    expect(lines(/^request_id_re=/).size).toBe(1);
    expect(lines(/^environment_re=/).size).toBe(1);
    expect(lines(/^version_re=/).size).toBe(1);
    expect(lines(/^\s+(tofu|terraform)\) default_version=/).size).toBe(2);
  });
});
