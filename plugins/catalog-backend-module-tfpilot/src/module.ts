import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { TfpilotModuleProvider } from './provider/TfpilotModuleProvider';

/**
 * Publishes the platform's Terraform modules in the software catalog.
 *
 * @public
 */
export const catalogModuleTfpilot = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'tfpilot-modules',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, logger, scheduler, catalog }) {
        const modulesDir = config.getOptionalString(
          'tfpilot.catalog.modulesDir',
        );
        if (!modulesDir) {
          logger.info(
            'tfpilot.catalog.modulesDir is not set; no modules published',
          );
          return;
        }
        const schedule = config.has('tfpilot.catalog.schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('tfpilot.catalog.schedule'),
            )
          : { frequency: { minutes: 30 }, timeout: { minutes: 3 } };
        catalog.addEntityProvider(
          new TfpilotModuleProvider({
            modulesDir,
            logger,
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
          }),
        );
      },
    });
  },
});
