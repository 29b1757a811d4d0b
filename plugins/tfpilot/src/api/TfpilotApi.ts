import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  HealthResponse,
  TFPILOT_PLUGIN_ID,
} from '@tfpilot/backstage-plugin-tfpilot-common';

/** Client of the TfPilot backend (/api/tfpilot). */
export interface TfpilotApi {
  getHealth(): Promise<HealthResponse>;
}

/** @public */
export const tfpilotApiRef = createApiRef<TfpilotApi>().with({
  id: 'plugin.tfpilot.api',
  pluginId: TFPILOT_PLUGIN_ID,
});
