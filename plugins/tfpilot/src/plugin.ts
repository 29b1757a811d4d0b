import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { tfpilotApiRef } from './api/TfpilotApi';
import { TfpilotClient } from './api/TfpilotClient';
import { rootRouteRef } from './routes';

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
  routes: { root: rootRouteRef },
});

/**
 * The TfPilot page; mount it with `<Route path="/tfpilot" element={<TfpilotPage />} />`.
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
