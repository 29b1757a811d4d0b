/**
 * TfPilot backend plugin: REST API, lifecycle engine, storage, drift,
 * webhooks, metrics and the lifecycle log.
 *
 * @packageDocumentation
 */
export { tfpilotPlugin as default } from './plugin';
