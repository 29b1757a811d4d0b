/**
 * Entity-page extensions for apps on Backstage's legacy frontend system:
 * mount them in the app's EntityPage, gated by the predicates.
 */
import {
  createComponentExtension,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { modulesRouteRef } from './components/modules/routes';
import { tfpilotPlugin } from './plugin';

export {
  isTfpilotAvailable,
  isTfpilotInfrastructureEntity,
  isTfpilotModuleEntity,
} from './components/entity/predicates';
export type { TfpilotEntityCardProps } from './components/entity/types';

/**
 * The "Terraform" entity tab: a module entity's page (inputs, outputs,
 * examples, README, versions, "Request this module"), or an entity's
 * requests with their drift and cost. Mount it at `/terraform` under
 * `<EntitySwitch.Case if={isTfpilotAvailable}>`.
 *
 * @public
 */
export const EntityTfpilotContent = tfpilotPlugin.provide(
  createComponentExtension({
    name: 'EntityTfpilotContent',
    component: {
      lazy: () =>
        import('./components/entity/EntityTfpilotContent').then(
          m => m.EntityTfpilotContent,
        ),
    },
  }),
);

/**
 * Drift of the entity's applied requests, with "check now"; renders nothing
 * when nothing is applied (pass `hideWhenEmpty={false}` to say so instead).
 *
 * @public
 */
export const EntityTfpilotDriftCard = tfpilotPlugin.provide(
  createComponentExtension({
    name: 'EntityTfpilotDriftCard',
    component: {
      lazy: () =>
        import('./components/entity/EntityTfpilotDriftCard').then(
          m => m.EntityTfpilotDriftCard,
        ),
    },
  }),
);

/**
 * Monthly cost of the entity's infrastructure and its trend; renders nothing
 * when nothing is applied (pass `hideWhenEmpty={false}` to say so instead).
 *
 * @public
 */
export const EntityTfpilotCostCard = tfpilotPlugin.provide(
  createComponentExtension({
    name: 'EntityTfpilotCostCard',
    component: {
      lazy: () =>
        import('./components/entity/EntityTfpilotCostCard').then(
          m => m.EntityTfpilotCostCard,
        ),
    },
  }),
);

/**
 * Summary of a module version with "Request this module", for the overview
 * of module entities (`isTfpilotModuleEntity`).
 *
 * @public
 */
export const EntityTfpilotModuleCard = tfpilotPlugin.provide(
  createComponentExtension({
    name: 'EntityTfpilotModuleCard',
    component: {
      lazy: () =>
        import('./components/modules/ModuleEntityContent').then(
          m => m.EntityTfpilotModuleCard,
        ),
    },
  }),
);

/**
 * The module catalog; mount it with
 * `<Route path="/tfpilot/modules" element={<TfpilotModulesPage />} />`.
 *
 * @public
 */
export const TfpilotModulesPage = tfpilotPlugin.provide(
  createRoutableExtension({
    name: 'TfpilotModulesPage',
    component: () =>
      import('./components/modules/ModuleCatalogPage').then(
        m => m.ModuleCatalogPage,
      ),
    mountPoint: modulesRouteRef,
  }),
);
