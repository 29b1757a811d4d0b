import type { Constraint, PathConstraint, PathStep } from './conditions';
import type { Literal } from './expression';
import { jsonSchemaPattern } from './pattern';
import type { JsonSchema, JsonSchemaType } from './types';

/** The sub-schema a path leads to, or undefined when the schema has no such part. */
function locate(schema: JsonSchema, path: PathStep[]): JsonSchema | undefined {
  let current: JsonSchema | undefined = schema;
  for (const step of path) {
    if (!current) return undefined;
    if (step === 'each') {
      if (current.type === 'array' && !Array.isArray(current.items)) {
        current = current.items;
      } else if (
        current.type === 'object' &&
        typeof current.additionalProperties === 'object'
      ) {
        current = current.additionalProperties;
      } else {
        return undefined;
      }
    } else {
      current = current.properties?.[step.attribute];
    }
  }
  return current;
}

const LITERAL_TYPES: Record<string, JsonSchemaType[]> = {
  string: ['string'],
  number: ['number', 'integer'],
  boolean: ['boolean'],
};

function fitsType(values: Literal[], type: JsonSchemaType | undefined) {
  return (
    type !== undefined &&
    values.every(v => (LITERAL_TYPES[typeof v] ?? []).includes(type))
  );
}

function restrictEnum(schema: JsonSchema, values: Literal[]): void {
  if (!fitsType(values, schema.type)) return;
  schema.enum = schema.enum
    ? schema.enum.filter(v => values.includes(v as Literal))
    : [...values];
}

function addPattern(schema: JsonSchema, regex: string, negated: boolean) {
  const pattern = jsonSchemaPattern(regex);
  if (schema.type !== 'string' || pattern === undefined) return;
  if (!negated && schema.pattern === undefined) {
    schema.pattern = pattern;
  } else if (negated && schema.not === undefined) {
    schema.not = { pattern };
  } else {
    const part = negated ? { not: { pattern } } : { pattern };
    schema.allOf = [...(schema.allOf ?? []), part];
  }
}

const LENGTH_KEYWORDS = {
  string: ['minLength', 'maxLength'],
  array: ['minItems', 'maxItems'],
  object: ['minProperties', 'maxProperties'],
} as const;

type LengthKeyword =
  (typeof LENGTH_KEYWORDS)[keyof typeof LENGTH_KEYWORDS][number];

function lengthKeyword(
  schema: JsonSchema,
  side: 'min' | 'max',
): LengthKeyword | undefined {
  const type = schema.type;
  if (type !== 'string' && type !== 'array' && type !== 'object') {
    return undefined;
  }
  // Only maps, not objects with fixed attributes, have a variable size.
  if (type === 'object' && typeof schema.additionalProperties !== 'object') {
    return undefined;
  }
  return LENGTH_KEYWORDS[type][side === 'min' ? 0 : 1];
}

function addBound(
  schema: JsonSchema,
  constraint: Extract<Constraint, { kind: 'bound' }>,
): void {
  const { of, side, limit, exclusive } = constraint;
  const pick = side === 'min' ? Math.max : Math.min;
  const tighter = (a: number | undefined, b: number) =>
    a === undefined ? b : pick(a, b);
  if (of === 'length') {
    const keyword = lengthKeyword(schema, side);
    if (!keyword) return;
    // Lengths are whole numbers: `> 2` is `>= 3`.
    let whole = side === 'min' ? Math.ceil(limit) : Math.floor(limit);
    if (exclusive && whole === limit) whole += side === 'min' ? 1 : -1;
    schema[keyword] = Math.max(0, tighter(schema[keyword], whole));
    return;
  }
  if (schema.type !== 'number' && schema.type !== 'integer') return;
  if (side === 'min') {
    const keyword = exclusive ? 'exclusiveMinimum' : 'minimum';
    schema[keyword] = tighter(schema[keyword], limit);
  } else {
    const keyword = exclusive ? 'exclusiveMaximum' : 'maximum';
    schema[keyword] = tighter(schema[keyword], limit);
  }
}

function applyConstraint(schema: JsonSchema, constraint: Constraint): void {
  switch (constraint.kind) {
    case 'enum':
      restrictEnum(schema, constraint.values);
      break;
    case 'pattern':
      addPattern(schema, constraint.regex, constraint.negated);
      break;
    case 'bound':
      addBound(schema, constraint);
      break;
    case 'subset':
      if (
        schema.type === 'array' &&
        schema.items &&
        !Array.isArray(schema.items)
      ) {
        restrictEnum(schema.items, constraint.values);
      }
      break;
    case 'integer':
      if (schema.type === 'number') schema.type = 'integer';
      break;
    default:
  }
}

/**
 * Adds what validation conditions require (enums, patterns, bounds) to the
 * schema of a variable, in place. A constraint that does not fit the
 * schema's type or shape is left out.
 */
export function applyConstraints(
  schema: JsonSchema,
  constraints: PathConstraint[],
): void {
  for (const { path, constraint } of constraints) {
    const target = locate(schema, path);
    if (target) applyConstraint(target, constraint);
  }
}
