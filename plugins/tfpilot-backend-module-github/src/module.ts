import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  readExecutorType,
  tfpilotExecutorsExtensionPoint,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { GithubClientOptions } from './github/client';
import { GithubExecutor } from './GithubExecutor';

/** Options of {@link createTfpilotModuleGithub}; the defaults suit github.com. */
export interface TfpilotModuleGithubOptions {
  /** Retry delays and write pacing of the GitHub client (tests shorten them). */
  client?: GithubClientOptions;
  /** Largest artifact downloaded, in bytes; 256 MiB by default. */
  maxArtifactBytes?: number;
}

/**
 * The module with non-default client tuning, e.g. for end-to-end tests
 * against a local GitHub test server: `createTfpilotModuleGithub({ client:
 * { retryBaseMs: 1, pacing: 'none' } })`.
 *
 * @public
 */
export function createTfpilotModuleGithub(
  options: TfpilotModuleGithubOptions = {},
) {
  return createBackendModule({
    pluginId: 'tfpilot',
    moduleId: 'github',
    register(env) {
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          database: coreServices.database,
          executors: tfpilotExecutorsExtensionPoint,
        },
        async init({ config, logger, database, executors }) {
          if (readExecutorType(config) !== 'github') {
            logger.debug('GitHub executor installed but not selected');
            return;
          }
          const executor = await GithubExecutor.fromConfig(config, {
            logger,
            database,
            ...options,
          });
          executors.addExecutor(executor);
          if (
            !config.getOptionalString('tfpilot.executor.github.webhookSecret')
          ) {
            logger.warn(
              'tfpilot.executor.github.webhookSecret is not configured: every GitHub webhook will be refused, and run results arrive only through the reconciler',
            );
          }
          logger.info(`GitHub executor targets ${executor.repository}`);
        },
      });
    },
  });
}

/**
 * Contributes the `github` executor to the TfPilot backend when
 * `tfpilot.executor.type` is `github`.
 *
 * @public
 */
export const tfpilotModuleGithub = createTfpilotModuleGithub();
