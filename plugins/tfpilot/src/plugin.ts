import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { tfpilotApiRef } from './api/TfpilotApi';
import { TfpilotClient } from './api/TfpilotClient';
import {
  createFromTemplateRouteRef,
  modulesRouteRef,
} from './components/modules/routes';
import {
  metricsRouteRef,
  requestRouteRef,
  requestsRouteRef,
  rootRouteRef,
} from './routes';

/**
 * TfPilot for apps on Backstage's legacy frontend system.
 *
 * @public
 */
export const tfpilotPlugin = createPlugin({
  id: 'tfpilot',
  apis: [
    createApiFactory({
      api: tfpilotApiRef,
      deps: { fetchApi: fetchApiRef },
      factory: ({ fetchApi }) => new TfpilotClient({ fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    requests: requestsRouteRef,
    request: requestRouteRef,
    metrics: metricsRouteRef,
    modules: modulesRouteRef,
  },
  externalRoutes: { createFromTemplate: createFromTemplateRouteRef },
});

/**
 * The TfPilot page: requests (list and one request) and metrics as tabs.
 * Mount it with `<Route path="/tfpilot" element={<TfpilotPage />} />`.
 *
 * @public
 */
export const TfpilotPage = tfpilotPlugin.provide(
  createRoutableExtension({
    name: 'TfpilotPage',
    component: () =>
      import('./components/TfpilotPage').then(m => m.TfpilotPage),
    mountPoint: rootRouteRef,
  }),
);
