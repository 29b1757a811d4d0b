export {
  createTfpilotRequestCreateAction,
  REQUEST_CREATE_ACTION_ID,
} from './requestCreate';
export {
  createTfpilotRequestWaitAction,
  REQUEST_WAIT_ACTION_ID,
  WAIT_FAILURE_STATES,
  MAX_CONSECUTIVE_POLL_FAILURES,
} from './requestWait';
export {
  createTfpilotRequestPromoteAction,
  REQUEST_PROMOTE_ACTION_ID,
} from './requestPromote';
export type { TfpilotActionOptions } from './helpers';
