/**
 * TfPilot for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
export { default } from './alpha/plugin';
export { tfpilotApi, tfpilotPage } from './alpha/plugin';
