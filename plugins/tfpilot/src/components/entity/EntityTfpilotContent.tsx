import { useEntity } from '@backstage/plugin-catalog-react';
import { ModuleEntityContent } from '../modules/ModuleEntityContent';
import { isTfpilotModuleEntity } from '../modules/moduleSpec';
import { EntityRequestsContent } from './EntityRequestsContent';

/**
 * The "Terraform" entity tab: the module's page for a module entity,
 * otherwise the entity's requests with their drift and cost.
 */
export function EntityTfpilotContent() {
  const { entity } = useEntity();
  return isTfpilotModuleEntity(entity) ? (
    <ModuleEntityContent entity={entity} />
  ) : (
    <EntityRequestsContent entity={entity} />
  );
}
