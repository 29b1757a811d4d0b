/**
 * Scaffolder actions that create and follow TfPilot requests.
 *
 * @packageDocumentation
 */
export { scaffolderModuleTfpilot as default } from './module';
export { createTfpilotRequestAction } from './actions/createRequest';
