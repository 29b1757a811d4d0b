import { Entity } from '@backstage/catalog-model';
import { isTfpilotModuleEntity } from '../modules/moduleSpec';

/**
 * Kinds whose entities TfPilot requests can serve (a request's `entityRef`):
 * the generated templates offer Components and Systems, and Resources are
 * where infrastructure is modelled in the catalog.
 */
export const TFPILOT_INFRASTRUCTURE_KINDS: readonly string[] = [
  'component',
  'system',
  'resource',
];

/**
 * True for entities that may own TfPilot requests: Components (other than
 * module entities), Systems and Resources. Synchronous, as entity filters
 * must be: whether the entity has requests is decided by the cards
 * themselves, which render nothing when it has none.
 */
export function isTfpilotInfrastructureEntity(entity: Entity): boolean {
  return (
    TFPILOT_INFRASTRUCTURE_KINDS.includes(
      entity.kind.toLocaleLowerCase('en-US'),
    ) && !isTfpilotModuleEntity(entity)
  );
}

/**
 * Where the "Terraform" entity tab applies: module entities (the module's
 * page) and entities that may own requests (their requests, drift and cost).
 */
export function isTfpilotAvailable(entity: Entity): boolean {
  return isTfpilotModuleEntity(entity) || isTfpilotInfrastructureEntity(entity);
}

export { isTfpilotModuleEntity };
