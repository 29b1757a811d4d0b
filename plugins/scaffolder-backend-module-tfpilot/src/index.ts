/**
 * Scaffolder actions that create, follow and promote TfPilot requests.
 *
 * @packageDocumentation
 */
export { scaffolderModuleTfpilot as default } from './module';
export * from './actions';
