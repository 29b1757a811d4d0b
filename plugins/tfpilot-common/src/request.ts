import { z } from 'zod';
import { REQUEST_ID_PATTERN, RUN_ID_PATTERN } from './ids';
import { EVENT_TARGET_STATE, EVENT_TYPES, EventType } from './events';
import { REQUEST_STATES } from './lifecycle';
import {
  pullRequestRefSchema,
  storedCostSchema,
  storedPlanSchema,
  storedDriftSchema,
  storedPolicySchema,
} from './requestViews';

/** apiVersion written on every new request revision. */
export const REQUEST_API_VERSION = 'tfpilot.io/v1';
/** The first record format; still readable through {@link parseRequestRecord}. */
export const LEGACY_REQUEST_API_VERSION = 'tfpilot.io/v1alpha1';

/** Largest accepted `inputs` object, serialised. */
export const MAX_INPUTS_BYTES = 64 * 1024;

const MODULE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SEMVER = /^\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,64})?$/;
const ENVIRONMENT = /^[a-z][a-z0-9-]{0,31}$/;
// kind:namespace/name or kind:name; Backstage compares refs case-insensitively.
const ENTITY_REF =
  /^[A-Za-z][A-Za-z0-9-]{0,62}:(?:[A-Za-z0-9][A-Za-z0-9-_.]{0,62}\/)?[A-Za-z0-9][A-Za-z0-9-_.]{0,252}$/;
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export const requestIdSchema = z
  .string()
  .regex(REQUEST_ID_PATTERN, 'not a request id');
export const runIdSchema = z.string().regex(RUN_ID_PATTERN, 'not a run id');

export const moduleRefSchema = z.strictObject({
  name: z
    .string()
    .regex(MODULE_NAME, 'lower-case letters, digits and dashes, at most 63'),
  version: z.string().regex(SEMVER, 'a semantic version such as 1.2.0'),
});
export type ModuleRef = z.infer<typeof moduleRefSchema>;

export const environmentSchema = z
  .string()
  .regex(ENVIRONMENT, 'lower-case letters, digits and dashes, at most 32');

export const entityRefSchema = z
  .string()
  .regex(ENTITY_REF, 'an entity ref such as component:default/checkout');

/** Deepest nesting accepted in `inputs`; a value directly under `inputs` is at depth 1. */
export const MAX_INPUTS_DEPTH = 32;

/**
 * Names Terraform reserves for the meta-arguments of a module block: no module
 * can declare them as variables, and as keys of the generated module call they
 * would replace its source, version, providers, count and so on.
 */
export const RESERVED_INPUT_NAMES: readonly string[] = [
  'source',
  'version',
  'providers',
  'count',
  'for_each',
  'lifecycle',
  'depends_on',
  'locals',
];

type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Objects and arrays, whatever their prototype: anything parsing looks into. */
function isObjectLike(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

interface ShapeProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Walks `inputs` with an explicit stack, before any recursive schema sees it,
 * so that hostile nesting cannot overflow the call stack. Finds nesting past
 * {@link MAX_INPUTS_DEPTH} (a circular reference is found this way too),
 * `__proto__` keys (which parsing would otherwise drop without a word) and
 * more values than could fit in {@link MAX_INPUTS_BYTES}. That count also
 * bounds the walk when one object is referenced many times.
 */
function findShapeProblem(inputs: object): ShapeProblem | undefined {
  const stack: { value: object; path: (string | number)[] }[] = [
    { value: inputs, path: [] },
  ];
  let values = 0;
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, path } = item;
    const keys: (string | number)[] = Array.isArray(value)
      ? []
      : Object.keys(value);
    const size = Array.isArray(value) ? value.length : keys.length;
    // Every value takes at least one byte of the serialised form.
    values += size;
    if (values > MAX_INPUTS_BYTES) {
      return { path: [], message: `larger than ${MAX_INPUTS_BYTES} bytes` };
    }
    if (size > 0 && path.length >= MAX_INPUTS_DEPTH) {
      return { path, message: `nested deeper than ${MAX_INPUTS_DEPTH} levels` };
    }
    for (let i = 0; i < size; i++) {
      const key = Array.isArray(value) ? i : keys[i];
      if (key === '__proto__') {
        return { path: [...path, key], message: 'a reserved key' };
      }
      const child: unknown = (value as Record<string | number, unknown>)[key];
      if (isObjectLike(child)) {
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

const inputNameSchema = z
  .string()
  .regex(INPUT_NAME, 'not a variable name')
  .refine(
    name => !RESERVED_INPUT_NAMES.includes(name),
    'a name Terraform reserves for module arguments',
  );

/**
 * Module variable values: JSON, named like Terraform variables, bounded in
 * depth and in size (UTF-8 bytes of the JSON text).
 */
export const inputsSchema = z
  .custom<Record<string, JsonValue>>()
  .superRefine((inputs, ctx) => {
    if (!isObjectLike(inputs) || Array.isArray(inputs)) {
      return; // the record schema below names the wrong type
    }
    const problem = findShapeProblem(inputs);
    if (problem) {
      ctx.addIssue({ code: 'custom', ...problem, input: inputs });
    }
  })
  .pipe(z.record(inputNameSchema, z.json()))
  .refine(inputs => {
    try {
      return utf8Length(JSON.stringify(inputs)) <= MAX_INPUTS_BYTES;
    } catch {
      return false;
    }
  }, `larger than ${MAX_INPUTS_BYTES} bytes`);

/** Body of POST /requests. */
export const createRequestBodySchema = z.strictObject({
  module: moduleRefSchema,
  environment: environmentSchema,
  inputs: inputsSchema.default({}),
  entityRef: entityRefSchema,
  templateRef: entityRefSchema.optional(),
});
export type CreateRequestBody = z.input<typeof createRequestBodySchema>;

const isoTimestamp = z.iso.datetime();

export const runSchema = z.strictObject({
  runId: runIdSchema,
  operation: z.enum(['plan', 'apply', 'destroy', 'driftCheck', 'cleanup']),
  status: z.enum(['running', 'succeeded', 'failed']),
  executor: z.string(),
  startedAt: isoTimestamp,
  finishedAt: isoTimestamp.optional(),
  // Rendered as a link: only web URLs, never javascript: or data:.
  url: z.url({ protocol: /^https?$/ }).optional(),
  message: z.string().optional(),
});
export type RequestRun = z.infer<typeof runSchema>;

/**
 * The lifecycle event that produced a revision. Kept inside the revision so
 * the event log and the index can always be rebuilt from revisions alone.
 */
export const lifecycleEventSchema = z.strictObject({
  requestId: requestIdSchema,
  seq: z.number().int().min(1),
  type: z.enum(EVENT_TYPES),
  from: z.enum(REQUEST_STATES).nullable(),
  to: z.enum(REQUEST_STATES),
  actor: z.string().min(1).max(320),
  runId: runIdSchema.optional(),
  at: isoTimestamp,
  details: z.record(z.string(), z.unknown()),
});

/** One revision of a request: the immutable record kept in the object store. */
export const requestRecordSchema = z.strictObject({
  apiVersion: z.literal(REQUEST_API_VERSION),
  id: requestIdSchema,
  module: moduleRefSchema,
  environment: environmentSchema,
  inputs: inputsSchema,
  entityRef: entityRefSchema,
  owner: entityRefSchema,
  templateRef: entityRefSchema.optional(),
  promotedFrom: requestIdSchema.optional(),
  revision: z.number().int().min(1),
  status: z.enum(REQUEST_STATES),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  runs: z.array(runSchema),
  /** The latest drift check (applied requests). */
  drift: storedDriftSchema.optional(),
  /** The latest plan's summary (set when a plan run hands back plan.json). */
  plan: storedPlanSchema.optional(),
  /** The cost estimate of the latest plan, when the run priced it. */
  cost: storedCostSchema.optional(),
  /** Where the request's code is reviewed, when the executor opened one. */
  pullRequest: pullRequestRefSchema.optional(),
  /** Policy findings (pre-plan on submission, post-plan on each plan). */
  policy: storedPolicySchema.optional(),
  /** The event that made this revision; `seq` equals `revision`. */
  event: lifecycleEventSchema,
});
export type TfRequest = z.infer<typeof requestRecordSchema>;

/**
 * The v1alpha1 record: module as `name@version`, the state under `state`,
 * no run history. Kept so records written then stay readable.
 */
const legacyRecordSchema = z.object({
  apiVersion: z.literal(LEGACY_REQUEST_API_VERSION),
  id: z.string(),
  module: z.string().regex(/^[^@]+@[^@]+$/, 'expected name@version'),
  environment: z.string(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  entityRef: z.string(),
  owner: z.string(),
  revision: z.number(),
  state: z.enum(REQUEST_STATES),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The event type that leads into a state, for records that predate events. */
function eventTypeInto(state: string): EventType | undefined {
  return (
    Object.keys(EVENT_TARGET_STATE) as (keyof typeof EVENT_TARGET_STATE)[]
  ).find(type => EVENT_TARGET_STATE[type] === state);
}

function upgradeLegacy(record: z.infer<typeof legacyRecordSchema>): unknown {
  const { module, state, ...rest } = record;
  const [name, version] = module.split('@');
  return {
    ...rest,
    apiVersion: REQUEST_API_VERSION,
    module: { name, version },
    inputs: record.inputs ?? {},
    status: state,
    runs: [],
    // v1alpha1 kept no events: describe the revision as the move into its state.
    event: {
      requestId: record.id,
      seq: record.revision,
      type: eventTypeInto(state) ?? 'submitted',
      from: null,
      to: state,
      actor: record.owner,
      at: record.updatedAt,
      details: { migratedFrom: LEGACY_REQUEST_API_VERSION },
    },
  };
}

/**
 * Reads a stored request revision of any known apiVersion and returns it in
 * the current shape. Throws a ZodError naming the fields at fault.
 */
export function parseRequestRecord(raw: unknown): TfRequest {
  const apiVersion = (raw as { apiVersion?: unknown } | null)?.apiVersion;
  if (apiVersion === LEGACY_REQUEST_API_VERSION) {
    return requestRecordSchema.parse(
      upgradeLegacy(legacyRecordSchema.parse(raw)),
    );
  }
  return requestRecordSchema.parse(raw);
}

const PLAIN_PATH_SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * A key as a JSON string in which everything but printable ASCII, and `;`, is
 * written as a `\uXXXX` escape.
 */
function quoteKey(key: string): string {
  return JSON.stringify(key).replace(
    /[^\x20-\x3a\x3c-\x7e]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * `module.version`, `runs.0.runId`; a key that is not a plain name is quoted
 * (`inputs["a.b"]`), so that a hostile key can neither blur the path nor add
 * a line or a forged `; path: reason` entry to the description.
 */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) {
    return '(body)';
  }
  return path
    .map((segment, index) => {
      const text = String(segment);
      if (typeof segment === 'number' || PLAIN_PATH_SEGMENT.test(text)) {
        return index === 0 ? text : `.${text}`;
      }
      return `[${quoteKey(text)}]`;
    })
    .join('');
}

/**
 * "field.path: reason" for each issue, joined by "; ", for 400 answers and CLI
 * errors. Each unknown key is named as a field of its own.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .flatMap(issue => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map(
          key => `${formatPath([...issue.path, key])}: unknown field`,
        );
      }
      const reason =
        issue.code === 'invalid_key'
          ? issue.issues.map(inner => inner.message).join(', ')
          : issue.message;
      return [`${formatPath(issue.path)}: ${reason}`];
    })
    .join('; ');
}
