export {
  DEFAULT_STREAM_THRESHOLD,
  PlanFileError,
  readPlanSummary,
} from './readPlanSummary';
export type { ReadPlanSummaryOptions } from './readPlanSummary';
export { summarizePlanStream } from './planStream';
