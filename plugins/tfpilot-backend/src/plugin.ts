import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  PolicyEngine,
  readExecutorType,
  tfpilotExecutorsExtensionPoint,
  tfpilotPolicyExtensionPoint,
  TfpilotPolicyRule,
  tfpilotRequestResourceRef,
  tfpilotRequestRules,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import {
  TFPILOT_PLUGIN_ID,
  tfpilotBasicPermissions,
  tfpilotRequestPermissions,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { RequestIndex } from './database/RequestIndex';
import { createRouter } from './router';
import { readEnvironments } from './services/environments';
import { ExecutorRegistry } from './services/ExecutorRegistry';
import { DriftService } from './services/drift/DriftService';
import { readDriftSchedule } from './services/drift/schedule';
import { MetricsService } from './services/MetricsService';
import { createRequestNotifier } from './services/notifications';
import { RequestService } from './services/RequestService';
import { resolveExecutor } from './services/resolveExecutor';
import { createRequestSignalListener } from './services/signals';
import { createObjectStore } from './storage/createObjectStore';

/**
 * How often runs in flight are checked with the executor: a safety net for
 * lost webhooks and runs that ended while the backend was down. Once across
 * all backend instances.
 */
const DEFAULT_RECONCILE_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 2 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 15 },
  scope: 'global',
};

function readReconcileSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  const key = 'tfpilot.reconcile.schedule';
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : DEFAULT_RECONCILE_SCHEDULE;
}

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
    const customPolicyRules: TfpilotPolicyRule[] = [];
    env.registerExtensionPoint(tfpilotPolicyExtensionPoint, {
      addRule: rule => {
        customPolicyRules.push(rule);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        // Both resolve through their default factories even when the
        // notifications or signals backend is not installed.
        notifications: notificationService,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const {
          config,
          logger,
          database,
          lifecycle,
          httpRouter,
          permissionsRegistry,
          scheduler,
        } = deps;
        const executor = await resolveExecutor({
          type: readExecutorType(config),
          registry: executors,
          config,
          logger,
        });
        lifecycle.addShutdownHook(async () => executor.shutdown?.());
        const index = await RequestIndex.create({ database });
        const environments = readEnvironments(config);
        const requests = new RequestService({
          store: createObjectStore(config),
          index,
          executor,
          environments,
          policies: PolicyEngine.fromConfig(config, {
            customRules: customPolicyRules,
            environments: environments.names,
            logger,
          }),
          logger,
        });
        requests.onRevision(
          createRequestSignalListener({ signals: deps.signals, logger }),
        );
        const notifier = createRequestNotifier({
          ...deps,
          environments: environments.names,
        });
        requests.onRevision(record => notifier.notify(record));
        lifecycle.addShutdownHook(() => notifier.shutdown());

        if (executor.reconcile) {
          await scheduler.scheduleTask({
            id: 'tfpilot-reconcile',
            ...readReconcileSchedule(config),
            fn: async () => {
              const { inFlight } = await requests.reconcile();
              if (inFlight > 0) {
                logger.info(`Reconciled ${inFlight} run(s) in flight`);
              }
            },
          });
        }

        // Nightly by default; `scope: global`, so once across instances.
        const drift = new DriftService({ requests, index, executor, logger });
        await scheduler.scheduleTask({
          id: 'tfpilot-drift-sweep',
          ...readDriftSchedule(config),
          fn: async () => {
            await drift.sweep();
          },
        });

        permissionsRegistry.addResourceType({
          resourceRef: tfpilotRequestResourceRef,
          permissions: [...tfpilotRequestPermissions],
          rules: Object.values(tfpilotRequestRules),
          getResources: async ids => {
            const found = await index.getRequests(ids);
            return ids.map(id => found.get(id));
          },
        });
        permissionsRegistry.addPermissions([...tfpilotBasicPermissions]);

        const metrics = new MetricsService({
          index,
          maxAgeMs:
            (config.getOptionalNumber('tfpilot.metrics.maxAgeSeconds') ?? 2) *
            1000,
        });
        httpRouter.use(
          await createRouter({ ...deps, requests, index, metrics, drift }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Executors prove deliveries themselves (e.g. GitHub's HMAC signature).
        httpRouter.addAuthPolicy({
          path: '/webhooks',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
