/**
 * TfPilot frontend plugin. The legacy-system exports live here; the new
 * frontend system imports the default export of `./alpha`.
 *
 * @packageDocumentation
 */
export { tfpilotPlugin, TfpilotPage } from './plugin';
export * from './entity';
export { tfpilotApiRef } from './api/TfpilotApi';
export type { TfpilotApi } from './api/TfpilotApi';
export { TfpilotClient } from './api/TfpilotClient';
