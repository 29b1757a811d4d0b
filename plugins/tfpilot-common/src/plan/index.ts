export * from './types';
export { maskValue } from './mask';
export {
  PlanFormatError,
  PlanSummaryBuilder,
  summarizePlan,
} from './PlanSummaryBuilder';
