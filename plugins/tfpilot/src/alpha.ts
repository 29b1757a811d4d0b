/**
 * TfPilot for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
export { default } from './alpha/plugin';
export {
  tfpilotApi,
  tfpilotPage,
  tfpilotRequestsPage,
  tfpilotMetricsPage,
} from './alpha/plugin';
export * from './alpha/entityExtensions';
