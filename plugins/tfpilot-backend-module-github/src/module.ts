import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  readExecutorType,
  tfpilotExecutorsExtensionPoint,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { readGithubExecutorConfig } from './config';
import { GithubExecutor } from './GithubExecutor';

/**
 * Contributes the `github` executor to the TfPilot backend when
 * `tfpilot.executor.type` is `github`.
 *
 * @public
 */
export const tfpilotModuleGithub = createBackendModule({
  pluginId: 'tfpilot',
  moduleId: 'github',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        executors: tfpilotExecutorsExtensionPoint,
      },
      async init({ config, logger, executors }) {
        if (readExecutorType(config) !== 'github') {
          logger.debug('GitHub executor installed but not selected');
          return;
        }
        const executor = new GithubExecutor(readGithubExecutorConfig(config));
        executors.addExecutor(executor);
        logger.info(`GitHub executor targets ${executor.repository}`);
      },
    });
  },
});
