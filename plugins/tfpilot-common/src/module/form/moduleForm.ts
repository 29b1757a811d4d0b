import type { ModuleJsonValue } from '../types';
import { applyConstraints } from './applyConstraints';
import { conditionConstraints, PathConstraint } from './conditions';
import { conformValue, typeSchema } from './typeSchema';
import type {
  FormVariable,
  JsonSchema,
  ModuleForm,
  ObjectJsonSchema,
  UiSchema,
} from './types';

/** How a variable appears in the form. */
type Field =
  | { kind: 'plain'; schema: JsonSchema; ui: UiSchema }
  | { kind: 'secret'; schema: JsonSchema; secret: JsonSchema; ui: UiSchema }
  | { kind: 'omitted'; reason: string };

/** Options of {@link moduleForm}. */
export interface ModuleFormOptions {
  /** Which variables the form collects; all of them by default. */
  include?: (variable: FormVariable) => boolean;
}

/** The UI field Backstage's scaffolder offers for secrets. */
export const SECRET_UI_FIELD = 'Secret';

const EXPRESSION_DEFAULT_HELP =
  "Leave empty to use the module's default, which is computed when planning.";

function constraintsOf(variable: FormVariable): PathConstraint[] {
  return variable.validations.flatMap(v =>
    conditionConstraints(v.condition, variable.name),
  );
}

/** Title and description first, so the schema reads well in YAML. */
function documented(variable: FormVariable, schema: JsonSchema): JsonSchema {
  return {
    title: variable.name,
    ...(variable.description ? { description: variable.description } : {}),
    ...schema,
  };
}

/** The default the form shows, when Terraform's can be shown as a value. */
function literalDefault(variable: FormVariable): ModuleJsonValue | undefined {
  return variable.hasDefault && !variable.defaultIsExpression
    ? variable.default
    : undefined;
}

function plainField(variable: FormVariable): Field {
  // A null default leaves the field empty.
  const sample = literalDefault(variable) ?? undefined;
  const schema = typeSchema(variable.typeSpec, sample);
  applyConstraints(schema, constraintsOf(variable));
  const value = sample === undefined ? undefined : conformValue(schema, sample);
  const ui: UiSchema = {};
  if (variable.defaultIsExpression) ui['ui:help'] = EXPRESSION_DEFAULT_HELP;
  if (schema.type === 'boolean' && variable.required) {
    // A checkbox cannot tell "false" from "not answered yet".
    ui['ui:widget'] = 'radio';
  }
  return {
    kind: 'plain',
    schema: documented(
      variable,
      value === undefined ? schema : { ...schema, default: value },
    ),
    ui,
  };
}

/** Secret fields hold text; Terraform reads an untyped value as text too. */
function isTextType(variable: FormVariable): boolean {
  const kind = variable.typeSpec?.kind;
  return kind === undefined || kind === 'any' || kind === 'string';
}

function secretField(variable: FormVariable): Field {
  if (!isTextType(variable)) {
    return {
      kind: 'omitted',
      reason: `sensitive and of type ${variable.typeSpec?.kind}: a secret field only holds text`,
    };
  }
  const secret: JsonSchema = { type: 'string' };
  applyConstraints(secret, constraintsOf(variable));
  // The form sees a mask as long as the secret: lengths can be checked there.
  const { minLength, maxLength } = secret;
  return {
    kind: 'secret',
    schema: documented(variable, {
      type: 'string',
      ...(minLength === undefined ? {} : { minLength }),
      ...(maxLength === undefined ? {} : { maxLength }),
    }),
    secret: documented(variable, secret),
    ui: { 'ui:field': SECRET_UI_FIELD },
  };
}

function variableField(variable: FormVariable): Field {
  return variable.sensitive ? secretField(variable) : plainField(variable);
}

const emptyObject = (): ObjectJsonSchema => ({
  type: 'object',
  properties: {},
  required: [],
});

/**
 * The input form of a module: one property per variable, typed from its
 * Terraform type, with its description and default, required when it has
 * no default, and with the enums, patterns and bounds its validation
 * conditions imply. Sensitive variables become secret fields
 * (`ui:field: Secret`), whose values travel as scaffolder secrets; a
 * sensitive variable that is not text cannot and is listed in `omitted`.
 *
 * The schema is JSON Schema draft-07 (Backstage's scaffolder dialect); `ui:*`
 * options are in the separate ui schema (see `embedUiSchema`).
 */
export function moduleForm(
  module: { variables: readonly FormVariable[] },
  options: ModuleFormOptions = {},
): ModuleForm {
  const form: ModuleForm = {
    schema: emptyObject(),
    uiSchema: {},
    secretNames: [],
    secretsSchema: emptyObject(),
    omitted: [],
  };
  const variables = module.variables.filter(options.include ?? (() => true));
  for (const variable of variables) {
    const { name, required } = variable;
    const field = variableField(variable);
    if (field.kind === 'omitted') {
      form.omitted.push({ name, required, reason: field.reason });
      continue;
    }
    form.schema.properties[name] = field.schema;
    if (required) form.schema.required.push(name);
    if (Object.keys(field.ui).length > 0) form.uiSchema[name] = field.ui;
    if (field.kind === 'secret') {
      form.secretNames.push(name);
      form.secretsSchema.properties[name] = field.secret;
      if (required) form.secretsSchema.required.push(name);
    }
  }
  return form;
}
