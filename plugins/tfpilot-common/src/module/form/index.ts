export type {
  FormVariable,
  JsonSchema,
  JsonSchemaType,
  ModuleForm,
  ObjectJsonSchema,
  OmittedVariable,
  UiSchema,
} from './types';
export { moduleForm, SECRET_UI_FIELD } from './moduleForm';
export type { ModuleFormOptions } from './moduleForm';
export { typeSchema, conformValue } from './typeSchema';
export { jsonSchemaPattern } from './pattern';
export { embedUiSchema } from './scaffolder';
export type { ScaffolderSchema } from './scaffolder';
