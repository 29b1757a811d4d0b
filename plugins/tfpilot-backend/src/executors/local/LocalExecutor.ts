import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, isError } from '@backstage/errors';
import {
  ExecutorOperation,
  ExecutorRunHandle,
  ExecutorRunInput,
  findIacBinary,
  IacBinary,
  LOCAL_MODULE_NAME_PATTERN,
  NO_IAC_BINARY_MESSAGE,
  renderMainTfJson,
  reservedInputNames,
  RunArtifacts,
  RunEventSink,
  RunResult,
  secretCandidates,
  TfpilotExecutor,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runCommand, RunCommandResult } from './runCommand';

/** Options of {@link LocalExecutor}. */
export interface LocalExecutorOptions {
  /** Parent of the per-request working directories (`<workDir>/<requestId>/`). */
  workDir: string;
  /** Holds one folder per module, named after the module. */
  modulesDir: string;
  logger: LoggerService;
  /** Where to look for `tofu` / `terraform`; defaults to `process.env.PATH`. Runs see it as their PATH. */
  pathEnv?: string;
  /** Environment of the runs (cloud credentials etc.); defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** How long one command may run before it is stopped; defaults to 30 minutes. */
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL when a command is stopped; defaults to 10 seconds. */
  killGraceMs?: number;
}

/** Request ids are ULIDs in lower-case Crockford base32. */
const REQUEST_ID_PATTERN = /^[0-9a-z]{26}$/;
const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;
/** Largest `show -json` output kept as plan.json. */
const MAX_PLAN_JSON_BYTES = 256 * 1024 * 1024;
/** How much of stderr a failure message quotes. */
const MESSAGE_TAIL_LINES = 20;
const MESSAGE_TAIL_CHARS = 4000;
const PLAN_FILE = 'tfplan';

type Outcome = Pick<RunResult, 'status' | 'message' | 'artifacts'>;

/** A step of a run that did not go as required; its message is the run's. */
class RunFailure extends Error {}

interface RunContext {
  binary: IacBinary;
  dir: string;
  redactions: string[];
  signal: AbortSignal;
}

function describeDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) {
    const minutes = ms / 60_000;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  if (ms >= 1000 && ms % 1000 === 0) {
    const seconds = ms / 1000;
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  return `${ms} ms`;
}

/**
 * The end of a command's error output, fit for a run message: source
 * snippets (which would quote main.tf.json, inputs included) are dropped and
 * any input value still present is replaced.
 */
export function errorExcerpt(
  stderr: Buffer,
  truncated: boolean,
  redactions: readonly string[],
): string {
  // eslint-disable-next-line no-control-regex
  const ansi = /\u001b\[[0-9;]*[A-Za-z]/g;
  let lines = stderr.toString('utf8').replace(ansi, '').split(/\r?\n/);
  if (truncated) {
    // The first line was cut somewhere in the middle.
    lines = lines.slice(1);
  }
  const kept = lines
    .map(line => line.replace(/^[\s│╷╵]+/, '').trimEnd())
    .filter(line => line.length > 0)
    // Terraform diagnostics quote the configuration as `  12:   "name": "value"`.
    .filter(line => !/^\d+:/.test(line));
  let text = kept.slice(-MESSAGE_TAIL_LINES).join('\n');
  for (const value of redactions) {
    text = text.split(value).join('(redacted)');
  }
  if (text.length > MESSAGE_TAIL_CHARS) {
    text = `…${text.slice(-MESSAGE_TAIL_CHARS)}`;
  }
  return text;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? Reflect.get(value, key)
    : undefined;
}

/** Counts of a plan's resource changes, as Terraform summarises them. */
function planSummary(plan: unknown): string | undefined {
  if (typeof plan !== 'object' || plan === null) {
    return undefined;
  }
  const changes = field(plan, 'resource_changes');
  if (changes === undefined) {
    return 'Plan: 0 to add, 0 to change, 0 to destroy';
  }
  if (!Array.isArray(changes)) {
    return undefined;
  }
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const entry of changes) {
    const actions = field(field(entry, 'change'), 'actions');
    if (!Array.isArray(actions)) {
      continue;
    }
    if (actions.includes('create')) add++;
    if (actions.includes('update')) change++;
    if (actions.includes('delete')) destroy++;
  }
  return `Plan: ${add} to add, ${change} to change, ${destroy} to destroy`;
}

/** A new local run id: `local-<operation>-<time base36>-<random hex>`. */
export function newLocalRunId(operation: ExecutorOperation): string {
  return `local-${operation}-${Date.now().toString(36)}-${randomBytes(
    5,
  ).toString('hex')}`;
}

/**
 * The built-in executor: runs OpenTofu (`tofu`, preferred) or Terraform found
 * on PATH, in one working directory per request that also keeps its local
 * state, so apply after plan and destroy after apply see the same state.
 *
 * Runs of one request are queued one after the other; runs of different
 * requests go in parallel.
 */
export class LocalExecutor implements TfpilotExecutor {
  readonly type = 'local';

  readonly #workDir: string;
  readonly #modulesDir: string;
  readonly #logger: LoggerService;
  readonly #pathEnv: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #timeoutMs: number;
  readonly #killGraceMs: number | undefined;
  /** The last queued run of each request. */
  readonly #queues = new Map<string, Promise<void>>();
  readonly #shutdown = new AbortController();

  constructor(options: LocalExecutorOptions) {
    this.#workDir = resolve(options.workDir);
    this.#modulesDir = resolve(options.modulesDir);
    this.#logger = options.logger;
    this.#pathEnv = options.pathEnv ?? process.env.PATH ?? '';
    const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
    if (options.pathEnv !== undefined) {
      env.PATH = options.pathEnv;
    }
    env.TF_IN_AUTOMATION = '1';
    env.TF_INPUT = '0';
    this.#env = env;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#killGraceMs = options.killGraceMs;
  }

  plan(input: ExecutorRunInput, events: RunEventSink) {
    return this.#start('plan', input, events);
  }

  apply(input: ExecutorRunInput, events: RunEventSink) {
    return this.#start('apply', input, events);
  }

  destroy(input: ExecutorRunInput, events: RunEventSink) {
    return this.#start('destroy', input, events);
  }

  driftCheck(input: ExecutorRunInput, events: RunEventSink) {
    return this.#start('driftCheck', input, events);
  }

  cleanup(input: ExecutorRunInput, events: RunEventSink) {
    return this.#start('cleanup', input, events);
  }

  /**
   * Stops running commands (SIGTERM, then SIGKILL) and fails the runs still
   * queued; resolves once every run has reported its result.
   */
  async shutdown(): Promise<void> {
    this.#shutdown.abort();
    await Promise.all([...this.#queues.values()]);
  }

  async #start(
    operation: ExecutorOperation,
    input: ExecutorRunInput,
    events: RunEventSink,
  ): Promise<ExecutorRunHandle> {
    const { requestId } = input;
    if (!REQUEST_ID_PATTERN.test(requestId)) {
      throw new InputError(
        'The local executor refuses a request id that is not 26 lower-case letters and digits',
      );
    }
    const runId = newLocalRunId(operation);
    const previous = this.#queues.get(requestId) ?? Promise.resolve();
    const run = previous.then(() => this.#run(operation, input, runId, events));
    this.#queues.set(requestId, run);
    void run.then(() => {
      if (this.#queues.get(requestId) === run) {
        this.#queues.delete(requestId);
      }
    });
    return { runId };
  }

  /** One run, start to end; never rejects. */
  async #run(
    operation: ExecutorOperation,
    input: ExecutorRunInput,
    runId: string,
    events: RunEventSink,
  ): Promise<void> {
    const logger = this.#logger.child({
      requestId: input.requestId,
      runId,
      operation,
    });
    const startedAt = Date.now();
    logger.info(`Local ${operation} run started`);

    let outcome: Outcome;
    try {
      outcome = await this.#execute(operation, input, logger);
    } catch (error) {
      if (error instanceof RunFailure) {
        outcome = { status: 'failed', message: error.message };
      } else {
        logger.error(
          `Local ${operation} run failed unexpectedly`,
          isError(error) ? error : undefined,
        );
        outcome = {
          status: 'failed',
          message: `The local ${operation} run failed unexpectedly: ${
            isError(error) ? error.message : String(error)
          }`,
        };
      }
    }

    const result: RunResult = {
      requestId: input.requestId,
      runId,
      operation,
      status: outcome.status,
      finishedAt: new Date().toISOString(),
      message: outcome.message,
      ...(outcome.artifacts ? { artifacts: outcome.artifacts } : {}),
    };
    const finished = {
      status: result.status,
      durationMs: Date.now() - startedAt,
    };
    if (result.status === 'succeeded') {
      logger.info(`Local ${operation} run succeeded`, finished);
    } else {
      logger.warn(`Local ${operation} run failed: ${result.message}`, finished);
    }

    try {
      await events.runFinished(result);
    } catch (error) {
      logger.error(
        `Could not report the end of local ${operation} run`,
        isError(error) ? error : undefined,
      );
    }
  }

  async #execute(
    operation: ExecutorOperation,
    input: ExecutorRunInput,
    logger: LoggerService,
  ): Promise<Outcome> {
    const dir = join(this.#workDir, input.requestId);
    const signal = this.#shutdown.signal;
    if (signal.aborted) {
      throw new RunFailure('The local executor is shutting down');
    }

    if (operation === 'cleanup') {
      await rm(dir, { recursive: true, force: true });
      return {
        status: 'succeeded',
        message: 'Removed the working directory of the request',
      };
    }

    const binary = await findIacBinary(this.#pathEnv);
    if (!binary) {
      return { status: 'failed', message: NO_IAC_BINARY_MESSAGE };
    }

    const moduleSource = await this.#moduleSource(input.module.name, logger);
    const reserved = reservedInputNames(input.inputs);
    if (reserved.length > 0) {
      throw new RunFailure(
        `Inputs ${reserved
          .map(name => `"${name}"`)
          .join(
            ', ',
          )} cannot be used: Terraform reserves these names in a module call`,
      );
    }

    await mkdir(dir, { recursive: true, mode: 0o700 });
    await this.#writeMainTfJson(dir, input, moduleSource);

    const ctx: RunContext = {
      binary,
      dir,
      redactions: secretCandidates(input.inputs),
      signal,
    };
    await this.#tool(ctx, ['init', '-input=false', '-no-color']);

    switch (operation) {
      case 'plan': {
        await this.#tool(ctx, [
          'plan',
          '-input=false',
          '-no-color',
          `-out=${PLAN_FILE}`,
        ]);
        const { planJson, summary } = await this.#showPlan(ctx);
        return {
          status: 'succeeded',
          message: summary ?? 'Plan complete',
          artifacts: { 'plan.json': planJson },
        };
      }
      case 'apply':
        await this.#tool(ctx, [
          'apply',
          '-input=false',
          '-no-color',
          '-auto-approve',
        ]);
        return { status: 'succeeded', message: 'Apply complete' };
      case 'destroy':
        await this.#tool(ctx, [
          'destroy',
          '-input=false',
          '-no-color',
          '-auto-approve',
        ]);
        return { status: 'succeeded', message: 'Destroy complete' };
      case 'driftCheck': {
        const { exitCode } = await this.#tool(
          ctx,
          [
            'plan',
            '-input=false',
            '-no-color',
            '-refresh-only',
            '-detailed-exitcode',
            `-out=${PLAN_FILE}`,
          ],
          [0, 2],
        );
        const { planJson } = await this.#showPlan(ctx);
        const artifacts: RunArtifacts = { 'plan.json': planJson };
        return exitCode === 2
          ? {
              status: 'succeeded',
              message:
                'Drift detected: the real infrastructure differs from the recorded state',
              artifacts,
            }
          : {
              status: 'succeeded',
              message:
                'No drift: the real infrastructure matches the recorded state',
              artifacts,
            };
      }
      default:
        throw new RunFailure(
          `The local executor has no operation "${String(operation)}"`,
        );
    }
  }

  /** The absolute folder of a module under modulesDir; fails the run when missing. */
  async #moduleSource(name: string, logger: LoggerService): Promise<string> {
    if (!LOCAL_MODULE_NAME_PATTERN.test(name)) {
      throw new RunFailure(
        `Module name "${name}" is not valid: use letters, digits, "_" and "-"`,
      );
    }
    const source = join(this.#modulesDir, name);
    let isDirectory = false;
    try {
      isDirectory = (await stat(source)).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (!isDirectory) {
      logger.warn(`Module folder ${source} does not exist`);
      throw new RunFailure(
        `Module "${name}" was not found: the local executor's modules directory has no folder named "${name}"`,
      );
    }
    return source;
  }

  async #writeMainTfJson(
    dir: string,
    input: ExecutorRunInput,
    moduleSource: string,
  ): Promise<void> {
    const content = renderMainTfJson({
      moduleName: input.module.name,
      moduleSource,
      inputs: input.inputs,
    });
    // Written aside then renamed, so a reader never sees half a file; inputs may be secret.
    const target = join(dir, 'main.tf.json');
    const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, content, { mode: 0o600 });
    await rename(temporary, target);
  }

  /** Runs `<bin> <args>` in the request's directory; fails the run unless its exit code is accepted. */
  async #tool(
    ctx: RunContext,
    args: string[],
    acceptedExitCodes: readonly number[] = [0],
    fullStdout = false,
  ): Promise<RunCommandResult> {
    const command = `${ctx.binary.name} ${args[0]}`;
    const result = await runCommand({
      file: ctx.binary.path,
      args,
      cwd: ctx.dir,
      env: this.#env,
      timeoutMs: this.#timeoutMs,
      killGraceMs: this.#killGraceMs,
      signal: ctx.signal,
      fullStdoutMaxBytes: fullStdout ? MAX_PLAN_JSON_BYTES : undefined,
    });

    if (result.spawnError) {
      throw new RunFailure(
        `Could not start \`${command}\`: ${result.spawnError.message}`,
      );
    }
    if (result.stopped === 'timeout') {
      throw new RunFailure(
        `\`${command}\` did not finish within ${describeDuration(
          this.#timeoutMs,
        )} and was stopped`,
      );
    }
    if (result.stopped === 'aborted') {
      throw new RunFailure(
        `\`${command}\` was stopped because the local executor is shutting down`,
      );
    }
    if (
      result.exitCode === null ||
      !acceptedExitCodes.includes(result.exitCode)
    ) {
      const how =
        result.exitCode === null
          ? `was ended by signal ${result.signal ?? 'unknown'}`
          : `failed with exit code ${result.exitCode}`;
      const excerpt = errorExcerpt(
        result.stderr,
        result.stderrTruncated,
        ctx.redactions,
      );
      throw new RunFailure(
        `\`${command}\` ${how}${excerpt ? `:\n${excerpt}` : ''}`,
      );
    }
    if (result.stdoutOverflow) {
      throw new RunFailure(
        `\`${command}\` printed more than ${
          MAX_PLAN_JSON_BYTES / 1024 / 1024
        } MiB, more than the local executor keeps`,
      );
    }
    return result;
  }

  /** `show -json` of the saved plan, checked to be JSON. */
  async #showPlan(
    ctx: RunContext,
  ): Promise<{ planJson: Buffer; summary?: string }> {
    const { stdout } = await this.#tool(
      ctx,
      ['show', '-json', PLAN_FILE],
      [0],
      true,
    );
    let parsed: unknown;
    try {
      parsed = JSON.parse(stdout.toString('utf8'));
    } catch {
      throw new RunFailure(
        `\`${ctx.binary.name} show -json\` did not print a JSON plan`,
      );
    }
    return { planJson: stdout, summary: planSummary(parsed) };
  }
}
