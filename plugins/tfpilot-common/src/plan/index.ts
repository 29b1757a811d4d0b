export * from './types';
export { maskValue } from './mask';
export {
  PlanFormatError,
  PlanSummaryBuilder,
  summarizePlan,
} from './PlanSummaryBuilder';
export { parsePlanJson, summarizePlanJson } from './parsePlan';
export {
  actionLabel,
  formatOutputValue,
  planHeadline,
  renderPlanMarkdown,
  renderPlanText,
} from './render';
