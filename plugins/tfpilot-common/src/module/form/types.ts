import type { ModuleJsonValue, ModuleVariable } from '../types';

/** The JSON types of JSON Schema; `integer` is a number without fraction. */
export type JsonSchemaType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'array'
  | 'object'
  | 'null';

/**
 * The subset of JSON Schema (draft-07, the dialect of Backstage's scaffolder
 * forms) that the form generator writes. A type alias rather than an
 * interface, so that a schema is also a JSON object (`JsonObject`).
 */
export type JsonSchema = {
  type?: JsonSchemaType;
  title?: string;
  description?: string;
  default?: ModuleJsonValue;
  enum?: ModuleJsonValue[];
  // strings
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  // numbers
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  // arrays; a tuple has one schema per position in `items`
  items?: JsonSchema | JsonSchema[];
  additionalItems?: boolean;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  // objects
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  // combinations
  allOf?: JsonSchema[];
  not?: JsonSchema;
};

/** A JSON Schema of an object with named properties: what a form edits. */
export type ObjectJsonSchema = JsonSchema & {
  type: 'object';
  properties: Record<string, JsonSchema>;
  required: string[];
};

/**
 * A react-jsonschema-form ui schema: `ui:*` options for a field, and nested
 * ui schemas by property name.
 */
export type UiSchema = { [key: string]: ModuleJsonValue };

/** What the form generator needs to know about one variable of a module. */
export type FormVariable = Pick<
  ModuleVariable,
  | 'name'
  | 'typeSpec'
  | 'description'
  | 'default'
  | 'hasDefault'
  | 'defaultIsExpression'
  | 'required'
  | 'sensitive'
  | 'validations'
>;

/** A variable the generated form cannot collect, and why. */
export interface OmittedVariable {
  name: string;
  /** The module cannot be called without it. */
  required: boolean;
  reason: string;
}

/**
 * The input form of a module: a JSON Schema whose properties are the
 * module's variables, its ui schema, and the sensitive variables, which are
 * collected as Backstage scaffolder secrets (`ui:field: Secret`) so their
 * values never appear among the task's parameters.
 */
export interface ModuleForm {
  schema: ObjectJsonSchema;
  uiSchema: UiSchema;
  /**
   * The sensitive variables in the form, by name, each entered through a
   * secret field; the form itself only holds a masked value for them.
   */
  secretNames: string[];
  /**
   * Validates the secret values (`spec.secrets.schema` of a template):
   * patterns and enums of sensitive variables are checked here, since the
   * form only sees masked values.
   */
  secretsSchema: ObjectJsonSchema;
  /** Variables left out of the form. */
  omitted: OmittedVariable[];
}
