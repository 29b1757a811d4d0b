import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { Content } from '@backstage/core-components';
import { SubPageBlueprint } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  isTfpilotAvailable,
  isTfpilotInfrastructureEntity,
  isTfpilotModuleEntity,
} from '../components/entity/predicates';
import { modulesRouteRef } from '../components/modules/routes';

/**
 * The "Terraform" tab (`entity-content:tfpilot/terraform`): a module
 * entity's page, or the requests, drift and cost of an entity that may own
 * requests. Override its `filter` in app-config to narrow where it shows.
 */
export const tfpilotEntityContent = EntityContentBlueprint.make({
  name: 'terraform',
  params: {
    path: '/terraform',
    title: 'Terraform',
    filter: isTfpilotAvailable,
    loader: () =>
      import('../components/entity/EntityTfpilotContent').then(m =>
        compatWrapper(<m.EntityTfpilotContent />),
      ),
  },
});

/** Drift card of overview pages (`entity-card:tfpilot/drift`); empty when nothing is applied. */
export const tfpilotDriftCard = EntityCardBlueprint.make({
  name: 'drift',
  params: {
    type: 'content',
    filter: isTfpilotInfrastructureEntity,
    loader: () =>
      import('../components/entity/EntityTfpilotDriftCard').then(m =>
        compatWrapper(<m.EntityTfpilotDriftCard />),
      ),
  },
});

/** Monthly cost card of overview pages (`entity-card:tfpilot/cost`); empty when nothing is applied. */
export const tfpilotCostCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    type: 'info',
    filter: isTfpilotInfrastructureEntity,
    loader: () =>
      import('../components/entity/EntityTfpilotCostCard').then(m =>
        compatWrapper(<m.EntityTfpilotCostCard />),
      ),
  },
});

/** Summary and "Request this module" on a module entity's overview (`entity-card:tfpilot/module`). */
export const tfpilotModuleCard = EntityCardBlueprint.make({
  name: 'module',
  params: {
    type: 'info',
    filter: isTfpilotModuleEntity,
    loader: () =>
      import('../components/modules/ModuleEntityContent').then(m =>
        compatWrapper(<m.EntityTfpilotModuleCard />),
      ),
  },
});

/**
 * The module catalog (`sub-page:tfpilot/modules`): the "Modules" tab of
 * TfPilot's page, at /tfpilot/modules.
 */
export const tfpilotModulesPage = SubPageBlueprint.make({
  name: 'modules',
  params: {
    path: 'modules',
    title: 'Modules',
    routeRef: convertLegacyRouteRef(modulesRouteRef),
    loader: () =>
      import('../components/modules/ModuleCatalogPage').then(m =>
        compatWrapper(
          <Content>
            <m.ModuleCatalogContent />
          </Content>,
        ),
      ),
  },
});

/** Every entity and module-catalog extension of TfPilot. */
export const tfpilotEntityExtensions = [
  tfpilotEntityContent,
  tfpilotDriftCard,
  tfpilotCostCard,
  tfpilotModuleCard,
  tfpilotModulesPage,
];
