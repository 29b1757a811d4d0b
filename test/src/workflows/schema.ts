import Ajv, { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { isObject, JsonObject } from './workflowFile';

/**
 * SchemaStore's published JSON schema for GitHub workflow files, as the
 * `schemastore` package ships it (draft-07).
 */
export function loadPublishedWorkflowSchema(): JsonObject {
  const path = require.resolve('schemastore/schemas/json/github-workflow.json');
  const schema: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isObject(schema)) throw new Error(`${path} is not a JSON schema`);
  return schema;
}

/**
 * The snapshot in `schemastore` 0.2.2 predates GitHub's `run-name` key
 * (September 2022), and its top level refuses unknown keys. This adds
 * `run-name` the way SchemaStore describes it today (a string), and nothing
 * else: a copy, the published schema is left as it is.
 */
export function withRunName(schema: JsonObject): JsonObject {
  const properties = isObject(schema.properties) ? schema.properties : {};
  if ('run-name' in properties) return schema;
  return {
    ...schema,
    properties: {
      ...properties,
      'run-name': {
        description:
          'The name for workflow runs generated from the workflow (may use the github and inputs contexts).',
        type: 'string',
      },
    },
  };
}

export type WorkflowValidator = (workflow: unknown) => ErrorObject[];

export function createWorkflowValidator(schema: JsonObject): WorkflowValidator {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return workflow => (validate(workflow) ? [] : [...(validate.errors ?? [])]);
}

export function describeErrors(errors: ErrorObject[]): string[] {
  return errors.map(e => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}
