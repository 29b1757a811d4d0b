import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** The five reusable workflows, by operation. */
export const WORKFLOW_NAMES = [
  'plan',
  'apply',
  'destroy',
  'drift',
  'cleanup',
] as const;

export type WorkflowName = (typeof WORKFLOW_NAMES)[number];

/** The repository: the parent of this package (`test/`). */
export const REPO_ROOT = resolve(resolvePackagePath('@tfpilot/test'), '..');

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function workflowPath(name: WorkflowName): string {
  return resolve(REPO_ROOT, '.github/workflows', `tfpilot-${name}.yml`);
}

export function readWorkflowText(name: WorkflowName): string {
  return readFileSync(workflowPath(name), 'utf8');
}

export function parseWorkflow(text: string): JsonObject {
  const doc: unknown = parse(text);
  if (!isObject(doc)) throw new Error('a workflow is a YAML mapping');
  return doc;
}

export function readWorkflow(name: WorkflowName): JsonObject {
  return parseWorkflow(readWorkflowText(name));
}

/** `object[key]` when it is a mapping, else an empty one. */
export function objectAt(object: unknown, key: string): JsonObject {
  if (!isObject(object)) return {};
  const value = object[key];
  return isObject(value) ? value : {};
}

/** `object[key]` when it is a string. */
export function stringAt(object: unknown, key: string): string | undefined {
  if (!isObject(object)) return undefined;
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env: Record<string, string>;
  with: JsonObject;
  raw: JsonObject;
}

function toStep(raw: unknown): Step {
  const step = isObject(raw) ? raw : {};
  const env = Object.fromEntries(
    Object.entries(objectAt(step, 'env')).map(([k, v]) => [k, String(v)]),
  );
  return {
    id: stringAt(step, 'id'),
    name: stringAt(step, 'name'),
    uses: stringAt(step, 'uses'),
    run: stringAt(step, 'run'),
    shell: stringAt(step, 'shell'),
    if: stringAt(step, 'if'),
    env,
    with: objectAt(step, 'with'),
    raw: step,
  };
}

export interface Job {
  key: string;
  raw: JsonObject;
  steps: Step[];
  env: Record<string, string>;
}

export function jobsOf(workflow: JsonObject): Job[] {
  return Object.entries(objectAt(workflow, 'jobs')).map(([key, raw]) => {
    const job = isObject(raw) ? raw : {};
    const steps = Array.isArray(job.steps) ? job.steps.map(toStep) : [];
    const env = Object.fromEntries(
      Object.entries(objectAt(job, 'env')).map(([k, v]) => [k, String(v)]),
    );
    return { key, raw: job, steps, env };
  });
}

/** The only job of a tfpilot workflow. */
export function onlyJob(workflow: JsonObject): Job {
  const jobs = jobsOf(workflow);
  if (jobs.length !== 1)
    throw new Error(`expected one job, got ${jobs.length}`);
  return jobs[0];
}

/** The job with this key. */
export function jobNamed(workflow: JsonObject, key: string): Job {
  const job = jobsOf(workflow).find(j => j.key === key);
  if (!job) throw new Error(`no job ${key}`);
  return job;
}

/** The job that runs first: the one that needs no other (a tfpilot workflow has one). */
export function firstJob(workflow: JsonObject): Job {
  const first = jobsOf(workflow).filter(j => j.raw.needs === undefined);
  if (first.length !== 1)
    throw new Error(
      `expected one job that needs no other, got ${first.length}`,
    );
  return first[0];
}

export function findStep(job: Job, nameOrId: string): Step {
  const step = job.steps.find(s => s.id === nameOrId || s.name === nameOrId);
  if (!step) throw new Error(`job ${job.key} has no step ${nameOrId}`);
  return step;
}

/** Triggers as a mapping, whichever of the three YAML forms `on` takes. */
export function triggersOf(workflow: JsonObject): JsonObject {
  const on = workflow.on;
  if (typeof on === 'string') return { [on]: null };
  if (Array.isArray(on))
    return Object.fromEntries(on.map(t => [String(t), null]));
  return isObject(on) ? on : {};
}

export function triggerInputs(
  workflow: JsonObject,
  trigger: 'workflow_dispatch' | 'workflow_call',
): JsonObject {
  return objectAt(objectAt(triggersOf(workflow), trigger), 'inputs');
}

/** The effective `shell` of a run step: step, then job, then workflow defaults. */
export function effectiveShell(
  workflow: JsonObject,
  job: Job,
  step: Step,
): string | undefined {
  return (
    step.shell ??
    stringAt(objectAt(objectAt(job.raw, 'defaults'), 'run'), 'shell') ??
    stringAt(objectAt(objectAt(workflow, 'defaults'), 'run'), 'shell')
  );
}
