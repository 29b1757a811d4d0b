import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  readExecutorType,
  tfpilotExecutorsExtensionPoint,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import {
  TFPILOT_PLUGIN_ID,
  tfpilotBasicPermissions,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { createRouter } from './router';
import { ExecutorRegistry } from './services/ExecutorRegistry';
import { resolveExecutor } from './services/resolveExecutor';

/**
 * The TfPilot backend plugin, mounted at /api/tfpilot.
 *
 * @public
 */
export const tfpilotPlugin = createBackendPlugin({
  pluginId: TFPILOT_PLUGIN_ID,
  register(env) {
    const executors = new ExecutorRegistry();
    env.registerExtensionPoint(tfpilotExecutorsExtensionPoint, {
      addExecutor: executor => executors.add(executor),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ config, logger, httpRouter, permissionsRegistry }) {
        await resolveExecutor({
          type: readExecutorType(config),
          registry: executors,
          logger,
        });
        permissionsRegistry.addPermissions([...tfpilotBasicPermissions]);

        httpRouter.use(await createRouter());
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
