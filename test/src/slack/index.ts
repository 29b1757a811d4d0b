export { SlackTestServer } from './SlackTestServer';
export type {
  SlackCall,
  SlackFault,
  SlackPostedMessage,
  SlackTestServerOptions,
} from './SlackTestServer';
export { checkMessageBody as checkSlackMessageBody } from './shapes';
