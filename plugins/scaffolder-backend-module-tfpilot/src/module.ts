import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createTfpilotRequestCreateAction,
  createTfpilotRequestPromoteAction,
  createTfpilotRequestWaitAction,
} from './actions';

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
        const options = { config, discovery, auth };
        scaffolderActions.addActions(
          createTfpilotRequestCreateAction(options),
          createTfpilotRequestWaitAction(options),
          createTfpilotRequestPromoteAction(options),
        );
      },
    });
  },
});
