import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readCatalogOptions } from './config';
import { TfpilotModuleProvider } from './provider/TfpilotModuleProvider';

/**
 * Publishes the platform's Terraform modules in the software catalog: one
 * Component per module version, one generated Template per module, and the
 * hand-written preset Templates.
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
        urlReader: coreServices.urlReader,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, logger, scheduler, urlReader, catalog }) {
        const options = readCatalogOptions(config);
        catalog.addEntityProvider(
          TfpilotModuleProvider.fromOptions(options, {
            logger,
            urlReader,
            taskRunner: scheduler.createScheduledTaskRunner(options.schedule),
            workDir: config.getOptionalString('backend.workingDirectory'),
          }),
        );
      },
    });
  },
});
