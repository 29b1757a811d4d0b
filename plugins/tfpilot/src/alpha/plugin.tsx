import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  createFrontendPlugin,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { RiStackLine } from '@remixicon/react';
import { TFPILOT_PLUGIN_ID } from '@tfpilot/backstage-plugin-tfpilot-common';
import { tfpilotApiRef } from '../api/TfpilotApi';
import { TfpilotClient } from '../api/TfpilotClient';
import {
  metricsRouteRef,
  requestRouteRef,
  requestsRouteRef,
  rootRouteRef,
} from '../routes';
import {
  createFromTemplateRouteRef,
  modulesRouteRef,
} from '../components/modules/routes';
import { tfpilotEntityExtensions } from './entityExtensions';

/** Provides {@link tfpilotApiRef}. */
export const tfpilotApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: tfpilotApiRef,
      deps: { fetchApi: fetchApiRef },
      factory: ({ fetchApi }) => new TfpilotClient({ fetchApi }),
    }),
});

/**
 * The TfPilot page at /tfpilot, listed in the app's navigation. It has no
 * content of its own: its sub pages are its tabs, and /tfpilot opens the
 * first one (requests).
 */
export const tfpilotPage = PageBlueprint.make({
  params: {
    path: '/tfpilot',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    title: 'TfPilot',
    icon: <RiStackLine />,
  },
});

/**
 * Requests tab (/tfpilot/requests): the list, and one request at
 * /tfpilot/requests/:id (`requestRouteRef`), loaded as its own chunk.
 */
export const tfpilotRequestsPage = SubPageBlueprint.make({
  name: 'requests',
  params: {
    path: 'requests',
    title: 'Requests',
    loader: () =>
      import('../components/requests/RequestsRoutes').then(m =>
        compatWrapper(
          <Content>
            <m.RequestsRoutes />
          </Content>,
        ),
      ),
  },
});

/** Metrics tab (/tfpilot/metrics). */
export const tfpilotMetricsPage = SubPageBlueprint.make({
  name: 'metrics',
  params: {
    path: 'metrics',
    title: 'Metrics',
    loader: () =>
      import('../components/metrics/MetricsContent').then(m =>
        compatWrapper(
          <Content>
            <m.MetricsContent />
          </Content>,
        ),
      ),
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
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
    requests: convertLegacyRouteRef(requestsRouteRef),
    request: convertLegacyRouteRef(requestRouteRef),
    metrics: convertLegacyRouteRef(metricsRouteRef),
    modules: convertLegacyRouteRef(modulesRouteRef),
  },
  externalRoutes: {
    createFromTemplate: convertLegacyRouteRef(createFromTemplateRouteRef),
  },
  extensions: [
    tfpilotApi,
    tfpilotPage,
    // Tabs in this order; the first is what /tfpilot opens.
    tfpilotRequestsPage,
    tfpilotMetricsPage,
    ...tfpilotEntityExtensions,
  ],
});
