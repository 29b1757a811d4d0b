import { RequestMessage } from '../message';
import { NotificationChannel } from '../types';

/**
 * One way of delivering a message. `send` throws a DeliveryError saying
 * whether a retry can help; any other error is treated as transient.
 */
export interface DeliveryChannel {
  readonly name: NotificationChannel;
  /** `recipient`: an entity ref (in-app), an address (email), a Slack channel. */
  send(recipient: string, message: RequestMessage): Promise<void>;
  /** Releases connections when the backend stops. */
  close?(): Promise<void>;
}
