import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';

/** A JSON object as read from GitHub's description. */
export type JsonObject = Record<string, unknown>;

/** One operation of GitHub's REST description. */
export interface GithubOperation {
  operationId: string;
  method: string;
  pathTemplate: string;
  documentationUrl: string;
  definition: JsonObject;
}

/** The outcome of checking a body against GitHub's description. */
export interface GithubValidationResult {
  valid: boolean;
  errors: string[];
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];
// OpenAPI annotations that mean nothing to a JSON Schema validator.
const DROPPED_KEYWORDS = new Set([
  'nullable',
  'example',
  'examples',
  'discriminator',
  'xml',
  'externalDocs',
  'readOnly',
  'writeOnly',
  'deprecated',
]);
const MAX_REPORTED_ERRORS = 10;

interface SpecIndex {
  doc: JsonObject;
  byId: Map<string, GithubOperation>;
  byRoute: Map<string, GithubOperation>;
}

// The description is 13 MB: read it once per process (per jest worker).
let specIndex: SpecIndex | undefined;

function routeKey(method: string, pathTemplate: string): string {
  return `${method.toUpperCase()} ${pathTemplate}`;
}

function indexOperations(doc: JsonObject): SpecIndex {
  const byId = new Map<string, GithubOperation>();
  const byRoute = new Map<string, GithubOperation>();
  const paths = isJsonObject(doc.paths) ? doc.paths : {};
  for (const [pathTemplate, item] of Object.entries(paths)) {
    if (!isJsonObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const definition = item[method];
      if (!isJsonObject(definition)) continue;
      const docs = isJsonObject(definition.externalDocs)
        ? definition.externalDocs
        : {};
      const operation: GithubOperation = {
        operationId: String(definition.operationId),
        method: method.toUpperCase(),
        pathTemplate,
        documentationUrl: String(docs.url ?? 'https://docs.github.com/rest'),
        definition,
      };
      byId.set(operation.operationId, operation);
      byRoute.set(routeKey(method, pathTemplate), operation);
    }
  }
  return { doc, byId, byRoute };
}

function spec(): SpecIndex {
  if (!specIndex) {
    const file = require.resolve(
      '@octokit/openapi/generated/api.github.com.json',
    );
    const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isJsonObject(doc)) throw new Error(`${file} is not a JSON object`);
    specIndex = indexOperations(doc);
  }
  return specIndex;
}

/** The operation GitHub names `operationId`, e.g. `git/get-ref`. */
export function githubOperation(operationId: string): GithubOperation {
  const operation = spec().byId.get(operationId);
  if (!operation) throw new Error(`GitHub has no operation ${operationId}`);
  return operation;
}

/** The operation at a method and path template, if GitHub documents one. */
export function findGithubOperation(
  method: string,
  pathTemplate: string,
): GithubOperation | undefined {
  return spec().byRoute.get(routeKey(method, pathTemplate));
}

function resolvePointer(ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`${ref} is not a local ref`);
  let node: unknown = spec().doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isJsonObject(node) || !(key in node)) {
      throw new Error(`${ref} does not resolve`);
    }
    node = node[key];
  }
  return node;
}

function derefObject(value: unknown): JsonObject | undefined {
  let node = value;
  while (isJsonObject(node) && typeof node.$ref === 'string') {
    node = resolvePointer(node.$ref);
  }
  return isJsonObject(node) ? node : undefined;
}

const SCHEMA_REF = '#/components/schemas/';

/** OpenAPI 3.0 `nullable` has no JSON Schema keyword: widen the type instead. */
function makeNullable(schema: JsonObject): JsonObject {
  const { type } = schema;
  if (typeof type === 'string' || Array.isArray(type)) {
    const types = Array.isArray(type) ? type : [type];
    const widened: JsonObject = { ...schema, type: [...types, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) {
      widened.enum = [...schema.enum, null];
    }
    return widened;
  }
  const composed = ['oneOf', 'anyOf', 'allOf', '$ref'].some(k => k in schema);
  return composed ? { anyOf: [schema, { type: 'null' }] } : schema;
}

function convertMap(map: JsonObject, refs: Set<string>): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(map)) {
    out[name] = convertSchema(value, refs);
  }
  return out;
}

/**
 * Turns an OpenAPI 3.0 schema into draft-07 JSON Schema, pointing component
 * refs at `definitions` and collecting the names it needs.
 */
function convertSchema(node: unknown, refs: Set<string>): unknown {
  if (Array.isArray(node)) return node.map(item => convertSchema(item, refs));
  if (!isJsonObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      if (!value.startsWith(SCHEMA_REF)) throw new Error(`unexpected ${value}`);
      const name = value.slice(SCHEMA_REF.length);
      refs.add(name);
      out.$ref = `#/definitions/${encodeURIComponent(name)}`;
    } else if (
      (key === 'properties' || key === 'patternProperties') &&
      isJsonObject(value)
    ) {
      out[key] = convertMap(value, refs);
    } else if (key === 'oneOf') {
      // GitHub's alternatives often overlap (e.g. two error shapes with no
      // required field), so exclusivity would reject its own examples.
      out.anyOf = convertSchema(value, refs);
    } else {
      out[key] = convertSchema(value, refs);
    }
  }
  return node.nullable === true ? makeNullable(out) : out;
}

/** A self-contained schema: the root plus every component it reaches. */
function bundleSchema(root: unknown): JsonObject {
  const refs = new Set<string>();
  const converted = convertSchema(root, refs);
  const definitions: JsonObject = {};
  const pending = [...refs];
  while (pending.length > 0) {
    const name = pending.pop()!;
    const key = encodeURIComponent(name);
    if (key in definitions) continue;
    const found = new Set<string>();
    definitions[key] = convertSchema(
      resolvePointer(`${SCHEMA_REF}${name}`),
      found,
    );
    for (const next of found) {
      if (!(encodeURIComponent(next) in definitions)) pending.push(next);
    }
  }
  return { definitions, allOf: [converted] };
}

let ajv: Ajv | undefined;
// Compiled lazily per operation and status: compiling everything takes minutes.
const validators = new Map<string, ValidateFunction>();

function compiled(key: string, schema: () => unknown): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv({
        strict: false,
        allErrors: true,
        verbose: true,
        logger: false,
      });
      addFormats(ajv);
    }
    validate = ajv.compile(bundleSchema(schema()));
    validators.set(key, validate);
  }
  return validate;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, MAX_REPORTED_ERRORS).map(error => {
    const params = JSON.stringify(error.params);
    return `${error.instancePath || '/'} ${error.message} ${params}`;
  });
}

type Describe = (errors: ErrorObject[] | null | undefined) => string[];

function check(
  key: string,
  schema: () => unknown,
  body: unknown,
  describe: Describe = describeErrors,
): GithubValidationResult {
  const validate = compiled(key, schema);
  const valid = validate(body) as boolean;
  return { valid, errors: valid ? [] : describe(validate.errors) };
}

/** Ajv's errors in the words GitHub uses for an invalid request body. */
function describeAsGithub(errors: ErrorObject[] | null | undefined): string[] {
  const described = (errors ?? []).map(error => {
    const { params } = error;
    if (error.keyword === 'required') {
      return `"${params.missingProperty}" wasn't supplied.`;
    }
    if (error.keyword === 'additionalProperties') {
      return `"${params.additionalProperty}" is not a permitted key.`;
    }
    const where = `properties${error.instancePath}`;
    if (error.keyword === 'type') {
      return `For '${where}', ${JSON.stringify(error.data)} is not ${
        /^[aeiou]/.test(String(params.type)) ? 'an' : 'a'
      } ${params.type}.`;
    }
    return `For '${where}', ${error.message}.`;
  });
  return [...new Set(described)].slice(0, MAX_REPORTED_ERRORS);
}

function jsonSchemaOf(container: JsonObject | undefined): unknown {
  const content = isJsonObject(container?.content) ? container.content : {};
  const type =
    Object.keys(content).find(name => name === 'application/json') ??
    Object.keys(content).find(name => name.includes('json'));
  const media = type ? content[type] : undefined;
  return isJsonObject(media) ? media.schema : undefined;
}

function invalid(message: string): GithubValidationResult {
  return { valid: false, errors: [message] };
}

/**
 * Whether GitHub's description gives a body schema for this status. Error
 * statuses it lists without one (e.g. 422 of `git/delete-ref`) still carry
 * GitHub's usual error body in practice.
 */
export function documentsBodyFor(
  operation: GithubOperation,
  status: number,
): boolean {
  const responses = derefObject(operation.definition.responses);
  const response = derefObject(responses?.[String(status)]);
  return jsonSchemaOf(response) !== undefined;
}

/**
 * Checks a response body against GitHub's published description of the
 * operation at `method pathTemplate` for `status`. A status the description
 * does not document is reported as invalid; so is a body where none is
 * documented, and the reverse.
 */
export function validateAgainstGithubOpenApi(
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): GithubValidationResult {
  const operation = findGithubOperation(method, pathTemplate);
  if (!operation) return invalid(`GitHub has no ${method} ${pathTemplate}`);
  const responses = derefObject(operation.definition.responses);
  const response = derefObject(responses?.[String(status)]);
  if (!response) {
    return invalid(`${operation.operationId} does not document ${status}`);
  }
  const schema = jsonSchemaOf(response);
  if (schema === undefined) {
    return body === undefined
      ? { valid: true, errors: [] }
      : invalid(`${operation.operationId} ${status} documents no body`);
  }
  if (body === undefined) {
    return invalid(`${operation.operationId} ${status} documents a body`);
  }
  return check(`${operation.operationId} ${status}`, () => schema, body);
}

/**
 * Checks a request body against the operation's `requestBody` schema; the
 * errors read like GitHub's own ("\"ref\" wasn't supplied.").
 */
export function validateGithubRequestBody(
  operationId: string,
  body: unknown,
): GithubValidationResult {
  const operation = githubOperation(operationId);
  const requestBody = derefObject(operation.definition.requestBody);
  const schema = jsonSchemaOf(requestBody);
  if (schema === undefined) return { valid: true, errors: [] };
  return check(`${operationId} request`, () => schema, body, describeAsGithub);
}

/** Checks an error body against GitHub's `basic-error`, for undocumented statuses. */
export function validateGithubError(body: unknown): GithubValidationResult {
  return check(
    'basic-error',
    () => ({ $ref: `${SCHEMA_REF}basic-error` }),
    body,
  );
}

/**
 * Checks a webhook payload against the description's `x-webhooks` entry, e.g.
 * event `workflow_run` with action `completed`.
 */
export function validateGithubWebhook(
  event: string,
  action: string | undefined,
  payload: unknown,
): GithubValidationResult {
  const name = [event, action].filter(Boolean).join('-').replace(/_/g, '-');
  const declared = spec().doc['x-webhooks'];
  const hooks = isJsonObject(declared) ? declared : {};
  const hook = isJsonObject(hooks[name]) ? hooks[name] : undefined;
  const post = isJsonObject(hook?.post) ? hook.post : undefined;
  const schema = jsonSchemaOf(derefObject(post?.requestBody));
  if (schema === undefined)
    return invalid(`GitHub documents no ${name} webhook`);
  return check(`webhook ${name}`, () => schema, payload);
}
