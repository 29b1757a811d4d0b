import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createTfpilotRequestAction } from './actions/createRequest';
import { TfpilotApiClient } from './actions/TfpilotApiClient';

/**
 * Adds the `tfpilot:*` actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleTfpilot = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'tfpilot',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ config, discovery, auth, scaffolderActions }) {
        const api = new TfpilotApiClient({ discovery, auth });
        scaffolderActions.addActions(
          createTfpilotRequestAction({
            api,
            appBaseUrl: config.getString('app.baseUrl'),
          }),
        );
      },
    });
  },
});
