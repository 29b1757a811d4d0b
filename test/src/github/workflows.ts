import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { GithubApiError } from './http';
import { isJsonObject, JsonObject } from './openapi';

/** One `on.workflow_dispatch.inputs` entry. */
export interface WorkflowInput {
  type: string;
  required: boolean;
  default?: unknown;
  options?: string[];
}

/** A workflow of the simulated repository. */
export interface WorkflowDefinition {
  id: number;
  /** File name, e.g. `tfpilot-plan.yml`: what `workflow_id` accepts. */
  file: string;
  path: string;
  name: string;
  runName?: string;
  /**
   * The dispatch inputs; `null` when the YAML has no `workflow_dispatch`
   * trigger; `undefined` when no YAML describes the workflow (nothing checked).
   */
  dispatch: Record<string, WorkflowInput> | null | undefined;
  jobs: string[];
  createdAt: string;
}

/** What `${{ }}` expressions in `run-name` can read. */
export interface RunNameContext {
  inputs: Record<string, unknown>;
  github: Record<string, string>;
}

const WORKFLOW_FILE = /\.ya?ml$/;

function triggerNames(on: unknown): JsonObject {
  if (typeof on === 'string') return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map(t => [t, null]));
  return isJsonObject(on) ? on : {};
}

function readInput(raw: unknown): WorkflowInput {
  const spec = isJsonObject(raw) ? raw : {};
  return {
    type: typeof spec.type === 'string' ? spec.type : 'string',
    required: spec.required === true,
    ...('default' in spec ? { default: spec.default } : {}),
    ...(Array.isArray(spec.options)
      ? { options: spec.options.map(String) }
      : {}),
  };
}

function readDispatch(on: unknown): WorkflowDefinition['dispatch'] {
  const triggers = triggerNames(on);
  if (!('workflow_dispatch' in triggers)) return null;
  const dispatch = triggers.workflow_dispatch;
  const inputs =
    isJsonObject(dispatch) && isJsonObject(dispatch.inputs)
      ? dispatch.inputs
      : {};
  return Object.fromEntries(
    Object.entries(inputs).map(([name, raw]) => [name, readInput(raw)]),
  );
}

function readJobs(jobs: unknown): string[] {
  if (!isJsonObject(jobs)) return [];
  return Object.entries(jobs).map(([key, job]) => {
    const name = isJsonObject(job) ? job.name : undefined;
    // Job names with expressions are evaluated by GitHub; the key is stable.
    return typeof name === 'string' && !name.includes('${{') ? name : key;
  });
}

type Parsed = Omit<WorkflowDefinition, 'id' | 'file' | 'path' | 'createdAt'>;

function parseWorkflow(file: string, text: string): Parsed {
  const doc: unknown = parse(text);
  const yaml = isJsonObject(doc) ? doc : {};
  return {
    name:
      typeof yaml.name === 'string' ? yaml.name : `.github/workflows/${file}`,
    ...(typeof yaml['run-name'] === 'string'
      ? { runName: yaml['run-name'] }
      : {}),
    dispatch: readDispatch(yaml.on),
    jobs: readJobs(yaml.jobs),
  };
}

/**
 * The workflows of the repository: every YAML file in the workflows
 * directory (re-read on each use, so edits apply), plus declared file names
 * that have no YAML yet.
 */
export class WorkflowCatalog {
  readonly #ids = new Map<string, number>();
  #nextId: number;

  constructor(
    private readonly dir: string,
    private readonly declared: string[],
    firstId: number,
    private readonly createdAt: string,
  ) {
    this.#nextId = firstId;
  }

  #idOf(file: string): number {
    let id = this.#ids.get(file);
    if (id === undefined) {
      id = this.#nextId++;
      this.#ids.set(file, id);
    }
    return id;
  }

  #files(): string[] {
    const present =
      existsSync(this.dir) && statSync(this.dir).isDirectory()
        ? readdirSync(this.dir).filter(f => WORKFLOW_FILE.test(f))
        : [];
    return [...new Set([...present, ...this.declared])].sort();
  }

  #load(file: string): WorkflowDefinition {
    const location = join(this.dir, basename(file));
    const parsed: Parsed = existsSync(location)
      ? parseWorkflow(file, readFileSync(location, 'utf8'))
      : {
          name: file.replace(WORKFLOW_FILE, ''),
          dispatch: undefined,
          jobs: [],
        };
    return {
      ...parsed,
      id: this.#idOf(file),
      file,
      path: `.github/workflows/${file}`,
      createdAt: this.createdAt,
    };
  }

  list(): WorkflowDefinition[] {
    return this.#files().map(file => this.#load(file));
  }

  /** By numeric id or file name, as `workflow_id` in GitHub's paths. */
  find(workflowId: string): WorkflowDefinition | undefined {
    return this.list().find(
      w => w.file === workflowId || String(w.id) === workflowId,
    );
  }
}

function unprocessable(message: string): GithubApiError {
  return new GithubApiError(422, message);
}

function checkValue(name: string, input: WorkflowInput, value: unknown) {
  const text = String(value);
  if (input.type === 'choice' && !input.options?.includes(text)) {
    throw unprocessable(
      `Provided value '${text}' for input '${name}' not in the list of allowed values`,
    );
  }
  if (input.type === 'boolean' && !['true', 'false'].includes(text)) {
    throw unprocessable(
      `Provided value '${text}' for input '${name}' is not a valid boolean`,
    );
  }
  if (input.type === 'number' && Number.isNaN(Number(text))) {
    throw unprocessable(
      `Provided value '${text}' for input '${name}' is not a valid number`,
    );
  }
}

/** GitHub's checks of a dispatch against the workflow's declared inputs. */
export function checkDispatchInputs(
  workflow: WorkflowDefinition,
  inputs: Record<string, unknown>,
): void {
  const declared = workflow.dispatch;
  if (declared === undefined) return;
  if (declared === null) {
    throw unprocessable("Workflow does not have 'workflow_dispatch' trigger");
  }
  const unexpected = Object.keys(inputs).filter(name => !(name in declared));
  if (unexpected.length > 0) {
    const list = unexpected.map(name => JSON.stringify(name)).join(', ');
    throw unprocessable(`Unexpected inputs provided: [${list}]`);
  }
  for (const [name, input] of Object.entries(declared)) {
    if (name in inputs) checkValue(name, input, inputs[name]);
    else if (input.required && input.default === undefined) {
      throw unprocessable(`Required input '${name}' not provided`);
    }
  }
}

/** Provided inputs over the declared defaults, as the run sees `inputs`. */
export function effectiveInputs(
  workflow: WorkflowDefinition,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const defaults = Object.entries(workflow.dispatch ?? {})
    .filter(([, input]) => input.default !== undefined)
    .map(([name, input]) => [name, input.default]);
  return { ...Object.fromEntries(defaults), ...inputs };
}

function operand(text: string, context: RunNameContext): unknown {
  const literal = /^'(.*)'$/.exec(text);
  if (literal) return literal[1].replace(/''/g, "'");
  const input = /^(?:github\.event\.)?inputs\.([\w-]+)$/.exec(text);
  if (input) return context.inputs[input[1]];
  const github = /^github\.([\w]+)$/.exec(text);
  if (github) return context.github[github[1]];
  return undefined;
}

/** `a || b || 'c'`: the small subset of expressions run names use. */
function evaluate(expression: string, context: RunNameContext): string {
  for (const part of expression.split('||')) {
    const value = operand(part.trim(), context);
    if (
      value !== undefined &&
      value !== null &&
      value !== '' &&
      value !== false
    ) {
      return String(value);
    }
  }
  return '';
}

/** The run's `display_title`: `run-name` evaluated, else the workflow name. */
export function renderDisplayTitle(
  workflow: WorkflowDefinition,
  context: RunNameContext,
): string {
  if (!workflow.runName) return workflow.name;
  return workflow.runName.replace(/\$\{\{([^}]*)\}\}/g, (_, expression) =>
    evaluate(String(expression), context),
  );
}
