import {
  ApiBlueprint,
  createFrontendPlugin,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { RiStackLine } from '@remixicon/react';
import { TFPILOT_PLUGIN_ID } from '@tfpilot/backstage-plugin-tfpilot-common';
import { tfpilotApiRef } from '../api/TfpilotApi';
import { TfpilotClient } from '../api/TfpilotClient';
import { rootRouteRef } from '../routes';

/** Provides {@link tfpilotApiRef}. */
export const tfpilotApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: tfpilotApiRef,
      deps: { fetchApi: fetchApiRef },
      factory: ({ fetchApi }) => new TfpilotClient({ fetchApi }),
    }),
});

/** The TfPilot page, listed in the app's navigation. */
export const tfpilotPage = PageBlueprint.make({
  params: {
    path: '/tfpilot',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    title: 'TfPilot',
    icon: <RiStackLine />,
    noHeader: true,
    loader: () =>
      import('../components/TfpilotPage').then(m => <m.TfpilotPage />),
  },
});

/**
 * TfPilot for Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: TFPILOT_PLUGIN_ID,
  title: 'TfPilot',
  icon: <RiStackLine />,
  info: { packageJson: () => import('../../package.json') },
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [tfpilotApi, tfpilotPage],
});
