import type { ModuleJsonValue } from '../types';
import type { JsonSchema, UiSchema } from './types';

/** A JSON Schema with `ui:*` options inline, as Backstage templates write them. */
export type ScaffolderSchema = JsonSchema & {
  [option: `ui:${string}`]: ModuleJsonValue;
};

const isUiSchema = (value: ModuleJsonValue | undefined): value is UiSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nested = (uiSchema: UiSchema, key: string): UiSchema => {
  const value = uiSchema[key];
  return isUiSchema(value) ? value : {};
};

function uiOptions(
  uiSchema: UiSchema,
): Record<`ui:${string}`, ModuleJsonValue> {
  const options: Record<`ui:${string}`, ModuleJsonValue> = {};
  for (const [key, value] of Object.entries(uiSchema)) {
    if (key.startsWith('ui:')) options[key as `ui:${string}`] = value;
  }
  return options;
}

/**
 * Moves the options of a react-jsonschema-form ui schema into the schema
 * itself, where Backstage template parameters carry them (`ui:field`,
 * `ui:widget`, ... next to `type`), for properties, array items and map
 * values alike.
 */
export function embedUiSchema(
  schema: JsonSchema,
  uiSchema: UiSchema,
): ScaffolderSchema {
  const embedded: ScaffolderSchema = { ...schema, ...uiOptions(uiSchema) };
  if (schema.properties) {
    embedded.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [
        name,
        embedUiSchema(property, nested(uiSchema, name)),
      ]),
    );
  }
  if (schema.items && !Array.isArray(schema.items)) {
    embedded.items = embedUiSchema(schema.items, nested(uiSchema, 'items'));
  }
  if (typeof schema.additionalProperties === 'object') {
    embedded.additionalProperties = embedUiSchema(
      schema.additionalProperties,
      nested(uiSchema, 'additionalProperties'),
    );
  }
  return embedded;
}
