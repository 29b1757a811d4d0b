/**
 * Catalog entity provider publishing the platform's Terraform modules.
 *
 * @packageDocumentation
 */
export { catalogModuleTfpilot as default } from './module';
export { TfpilotModuleProvider } from './provider/TfpilotModuleProvider';
