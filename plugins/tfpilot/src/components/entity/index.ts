export { EntityTfpilotContent } from './EntityTfpilotContent';
export { EntityTfpilotCostCard } from './EntityTfpilotCostCard';
export { EntityTfpilotDriftCard } from './EntityTfpilotDriftCard';
export {
  isTfpilotAvailable,
  isTfpilotInfrastructureEntity,
  isTfpilotModuleEntity,
  TFPILOT_INFRASTRUCTURE_KINDS,
} from './predicates';
export type { TfpilotEntityCardProps } from './types';
