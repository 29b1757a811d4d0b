/**
 * Catalog entity provider publishing the platform's Terraform modules, one
 * entity per module version, with a generated scaffolder Template per module.
 *
 * @packageDocumentation
 */
export { catalogModuleTfpilot as default } from './module';
export {
  TfpilotModuleProvider,
  type TfpilotModuleProviderOptions,
} from './provider/TfpilotModuleProvider';
export {
  readCatalogOptions,
  type CatalogOptions,
  type DirectoryOption,
  type EntityPickerField,
  type TemplateOptions,
  type UrlSourceOptions,
} from './config';
export {
  LocalModuleSource,
  UrlModuleSource,
  type ModuleSource,
} from './provider/sources';
export {
  moduleEntityName,
  TFPILOT_LATEST_ANNOTATION,
} from './provider/moduleEntity';
export type {
  ModuleExample,
  ModuleInputSpec,
  ModuleOrigin,
  ModuleOutputSpec,
  ModuleRelease,
  TfpilotModuleSpec,
} from './provider/types';
export type { ModuleMetadata } from './provider/moduleMetadata';
export { moduleTemplateName } from './template/moduleTemplate';
