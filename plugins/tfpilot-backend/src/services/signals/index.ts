export {
  createRequestSignalListener,
  REQUEST_SIGNAL_CHANNEL,
  requestSignalMessage,
} from './requestSignals';
export type { RequestSignalMessage } from './requestSignals';
