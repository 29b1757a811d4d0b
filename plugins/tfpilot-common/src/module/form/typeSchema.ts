import type {
  ModuleJsonValue,
  ModuleObjectAttribute,
  ModuleTypeSpec,
} from '../types';
import type { JsonSchema } from './types';

type JsonRecord = { [key: string]: ModuleJsonValue };

const isRecord = (value: ModuleJsonValue | undefined): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const firstItem = (value: ModuleJsonValue | undefined) =>
  Array.isArray(value) ? value[0] : undefined;

const firstEntry = (value: ModuleJsonValue | undefined) =>
  isRecord(value) ? Object.values(value)[0] : undefined;

/**
 * A schema for a value of type `any`, guessed from an example (the
 * variable's default): text when there is nothing to go by, since a form
 * needs a type to offer an input.
 */
export function inferSchema(sample: ModuleJsonValue | undefined): JsonSchema {
  if (typeof sample === 'number') return { type: 'number' };
  if (typeof sample === 'boolean') return { type: 'boolean' };
  if (Array.isArray(sample)) {
    return { type: 'array', items: inferSchema(firstItem(sample)) };
  }
  if (isRecord(sample)) {
    return {
      type: 'object',
      additionalProperties: inferSchema(firstEntry(sample)),
    };
  }
  return { type: 'string' };
}

const NUMERIC = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function conformPrimitive(
  type: JsonSchema['type'],
  value: ModuleJsonValue,
): ModuleJsonValue | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : value;
    case 'number':
    case 'integer':
      return typeof value === 'string' && NUMERIC.test(value)
        ? Number(value)
        : value;
    case 'boolean':
      return value === 'true' || value === 'false' ? value === 'true' : value;
    default:
      return value;
  }
}

function conformArray(
  schema: JsonSchema,
  value: ModuleJsonValue[],
): ModuleJsonValue | undefined {
  const items: ModuleJsonValue[] = [];
  for (const [i, item] of value.entries()) {
    const itemSchema = Array.isArray(schema.items)
      ? schema.items[i]
      : schema.items;
    const conformed = itemSchema ? conformValue(itemSchema, item) : item;
    if (conformed === undefined) return undefined;
    items.push(conformed);
  }
  return items;
}

function conformObject(
  schema: JsonSchema,
  value: JsonRecord,
): ModuleJsonValue | undefined {
  const result: JsonRecord = {};
  for (const [key, item] of Object.entries(value)) {
    // A null attribute is the same as an absent one in a form.
    if (item === null) continue;
    const itemSchema =
      schema.properties?.[key] ??
      (typeof schema.additionalProperties === 'object'
        ? schema.additionalProperties
        : undefined);
    if (!itemSchema) {
      if (schema.additionalProperties === false) continue;
      result[key] = item;
      continue;
    }
    const conformed = conformValue(itemSchema, item);
    if (conformed === undefined) return undefined;
    result[key] = conformed;
  }
  return result;
}

/**
 * A Terraform value (a default) as a JSON value of the schema, converting as
 * Terraform does (`"19"` for a number is 19, `true` for a string is "true"),
 * dropping null attributes; undefined when it does not fit.
 */
export function conformValue(
  schema: JsonSchema,
  value: ModuleJsonValue,
): ModuleJsonValue | undefined {
  if (value === null) return undefined;
  const converted = conformPrimitive(schema.type, value);
  switch (schema.type) {
    case 'string':
      return typeof converted === 'string' ? converted : undefined;
    case 'number':
      return typeof converted === 'number' ? converted : undefined;
    case 'integer':
      return Number.isInteger(converted) ? converted : undefined;
    case 'boolean':
      return typeof converted === 'boolean' ? converted : undefined;
    case 'array':
      return Array.isArray(value) ? conformArray(schema, value) : undefined;
    case 'object':
      return isRecord(value) ? conformObject(schema, value) : undefined;
    default:
      return value;
  }
}

function attributeSchema(
  attribute: ModuleObjectAttribute,
  sample: ModuleJsonValue | undefined,
): JsonSchema {
  const usableDefault =
    attribute.hasDefault && !attribute.defaultIsExpression
      ? attribute.default
      : null;
  const schema = typeSchema(attribute.type, sample ?? usableDefault);
  const value =
    usableDefault === null ? undefined : conformValue(schema, usableDefault);
  return value === undefined ? schema : { ...schema, default: value };
}

function objectSchema(
  attributes: ModuleObjectAttribute[],
  sample: ModuleJsonValue | undefined,
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const attribute of attributes) {
    properties[attribute.name] = attributeSchema(
      attribute,
      isRecord(sample) ? sample[attribute.name] : undefined,
    );
  }
  const required = attributes.filter(a => !a.optional).map(a => a.name);
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    // Terraform drops attributes its object type does not declare.
    additionalProperties: false,
  };
}

/**
 * The JSON Schema of a Terraform type: string, number and bool as such;
 * list and set as arrays (a set's items unique); map as an object whose
 * values share one schema; object as an object with its attributes as
 * properties (those not declared with `optional()` required, defaults of
 * `optional(type, default)` as defaults); tuple as a fixed-length array;
 * `any` (and no type at all) guessed from `sample`.
 */
export function typeSchema(
  spec: ModuleTypeSpec | null,
  sample?: ModuleJsonValue,
): JsonSchema {
  switch (spec?.kind) {
    case 'string':
      return { type: 'string' };
    case 'number':
      return { type: 'number' };
    case 'bool':
      return { type: 'boolean' };
    case 'list':
      return {
        type: 'array',
        items: typeSchema(spec.element, firstItem(sample)),
      };
    case 'set':
      return {
        type: 'array',
        items: typeSchema(spec.element, firstItem(sample)),
        uniqueItems: true,
      };
    case 'map':
      return {
        type: 'object',
        additionalProperties: typeSchema(spec.element, firstEntry(sample)),
      };
    case 'tuple':
      return {
        type: 'array',
        items: spec.elements.map((element, i) =>
          typeSchema(element, Array.isArray(sample) ? sample[i] : undefined),
        ),
        minItems: spec.elements.length,
        maxItems: spec.elements.length,
        additionalItems: false,
      };
    case 'object':
      return objectSchema(spec.attributes, sample);
    default:
      return inferSchema(sample);
  }
}
