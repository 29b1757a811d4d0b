import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  effectiveShell,
  findStep,
  isObject,
  Job,
  firstJob,
  jobNamed,
  JsonObject,
  Step,
} from './workflowFile';

/** What `${{ }}` expressions in a step's `env:` may read here. */
export interface ExpressionContext {
  inputs?: Record<string, string>;
  secrets?: Record<string, string>;
  github?: Record<string, string>;
  /** Jobs this one needs, e.g. `{ prepare: { outputs: { chunks: '[…]' } } }`. */
  needs?: Record<string, { outputs: Record<string, string> }>;
  /** This matrix job's values, e.g. `{ chunk: { index: 0, ids: '…' } }`. */
  matrix?: JsonObject;
}

export interface StepResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What the step wrote to GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** What the step wrote to GITHUB_ENV. */
  exported: Record<string, string>;
}

const WHOLE_EXPRESSION = /^\$\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}$/;

/**
 * Evaluates an `env:` value: literal text, or one whole context lookup such
 * as `inputs.environment`, `needs.prepare.outputs.chunks` or
 * `matrix.chunk.ids`. What is missing is empty, as on GitHub; numbers read
 * as their text.
 */
export function evaluateEnvValue(
  value: string,
  context: ExpressionContext,
): string {
  if (!value.includes('${{')) return value;
  const match = WHOLE_EXPRESSION.exec(value);
  if (!match) throw new Error(`expression not supported here: ${value}`);
  const [scope, ...path] = match[1].split('.');
  const tables: Record<string, unknown> = {
    inputs: context.inputs,
    secrets: context.secrets,
    github: context.github,
    needs: context.needs,
    matrix: context.matrix,
  };
  const table = Object.hasOwn(tables, scope) ? tables[scope] : undefined;
  if (table === undefined)
    throw new Error(`context not supported here: ${value}`);
  let at: unknown = table;
  for (const key of path) {
    at = isObject(at) && Object.hasOwn(at, key) ? at[key] : undefined;
  }
  if (typeof at === 'string') return at;
  if (typeof at === 'number' || typeof at === 'boolean') return String(at);
  if (at === undefined || at === null) return '';
  throw new Error(`not a plain value: ${value}`);
}

/** Reads a GITHUB_OUTPUT / GITHUB_ENV file (`name=value` lines). */
export function readCommandFile(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    const at = line.indexOf('=');
    if (at <= 0) throw new Error(`unexpected line in ${path}: ${line}`);
    values[line.slice(0, at)] = line.slice(at + 1);
  }
  return values;
}

/** Runs a command; resolves with its exit status and output (never rejects on failure). */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; input?: string },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', status => resolvePromise({ status, stdout, stderr }));
    if (options.input !== undefined && child.stdin) {
      // A command may exit before reading all of it.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/**
 * Runs the `run:` steps of a workflow's job the way a GitHub runner does:
 * the script in a file given to the step's shell, the job's and the step's
 * `env:`, RUNNER_TEMP, and the GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STEP_SUMMARY
 * files, whose exports carry over to later steps. `uses:` steps are the
 * test's business (it checks out, downloads, installs the tool itself).
 */
export class LocalRunner {
  readonly job: Job;
  /** Values exported through GITHUB_ENV so far. */
  exported: Record<string, string> = {};
  private count = 0;

  constructor(
    readonly workflow: JsonObject,
    readonly options: {
      workspace: string;
      temp: string;
      /** GITHUB_* variables of the run, e.g. GITHUB_REF. */
      github: Record<string, string>;
      context: ExpressionContext;
      /** Extra environment, e.g. TF_CLI_CONFIG_FILE. */
      env?: Record<string, string>;
      /** The job to run, by key; the first (the one that needs no other) when not given. */
      job?: string;
    },
  ) {
    this.job =
      options.job === undefined
        ? firstJob(workflow)
        : jobNamed(workflow, options.job);
  }

  get summaryPath(): string {
    return join(this.options.temp, 'step-summary.md');
  }

  summary(): string {
    try {
      return readFileSync(this.summaryPath, 'utf8');
    } catch {
      return '';
    }
  }

  async run(nameOrId: string): Promise<StepResult> {
    const step: Step = findStep(this.job, nameOrId);
    if (step.run === undefined)
      throw new Error(`${nameOrId} is not a run: step`);
    const shell =
      effectiveShell(this.workflow, this.job, step) ?? 'bash -e {0}';
    const index = ++this.count;
    const dir = join(this.options.temp, `.step-${index}`);
    mkdirSync(dir, { recursive: true });
    const script = join(dir, 'script.sh');
    const output = join(dir, 'output');
    const env = join(dir, 'env');
    writeFileSync(script, step.run);
    writeFileSync(output, '');
    writeFileSync(env, '');

    const stepEnv = Object.fromEntries(
      Object.entries(step.env).map(([k, v]) => [
        k,
        evaluateEnvValue(v, this.options.context),
      ]),
    );
    const [command, ...args] = shell
      .trim()
      .split(/\s+/)
      .map(token => (token === '{0}' ? script : token));
    const result = await runCommand(command, args, {
      cwd: this.options.workspace,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? this.options.temp,
        LANG: 'C.UTF-8',
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: this.options.workspace,
        RUNNER_TEMP: this.options.temp,
        ...this.options.github,
        ...this.options.env,
        ...this.job.env,
        ...this.exported,
        ...stepEnv,
        GITHUB_OUTPUT: output,
        GITHUB_ENV: env,
        GITHUB_STEP_SUMMARY: this.summaryPath,
      },
    });
    const exported = readCommandFile(env);
    this.exported = { ...this.exported, ...exported };
    return { ...result, outputs: readCommandFile(output), exported };
  }
}
