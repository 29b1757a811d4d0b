export {
  RequestStatus,
  statusLabel,
  IN_PROGRESS_STATES,
} from './RequestStatus';
export { ApiErrorPanel, remedyFor, statusCodeOf } from './ApiErrorPanel';
export { Timestamp } from './Timestamp';
export { formatAbsolute, formatDuration, formatRelative } from './time';
export { ActorLink } from './ActorLink';
