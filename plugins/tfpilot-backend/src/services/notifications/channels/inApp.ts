import { NotificationService } from '@backstage/plugin-notifications-node';
import { RequestMessage } from '../message';
import { DeliveryChannel } from './types';

/** Facts already in the title, or of little use in a short notification. */
const OMITTED_FACTS = new Set(['Request', 'Module', 'Environment', 'Owner']);

export const IN_APP_TOPIC = 'tfpilot';

function description(message: RequestMessage): string {
  const facts = message.facts
    .filter(fact => !OMITTED_FACTS.has(fact.label))
    .map(fact => `${fact.label}: ${fact.value}`);
  return [message.summary, ...facts].join(' · ');
}

/**
 * Backstage's notifications (the bell in the app), sent through the
 * notifications backend, which turns group refs into their members with the
 * app's recipient resolver and honours each user's topic settings.
 */
export class InAppChannel implements DeliveryChannel {
  readonly name = 'inApp';
  readonly #notifications: NotificationService;

  constructor(notifications: NotificationService) {
    this.#notifications = notifications;
  }

  async send(entityRef: string, message: RequestMessage): Promise<void> {
    await this.#notifications.send({
      recipients: { type: 'entity', entityRef },
      payload: {
        title: message.title,
        description: description(message),
        // App-relative: the notifications UI resolves it against app.baseUrl.
        link: message.path,
        severity: message.severity,
        topic: IN_APP_TOPIC,
        // Same scope and origin update the notification in place, so a send
        // retried after a lost answer does not show twice.
        scope: `tfpilot:${message.requestId}:${message.revision}`,
        metadata: {
          requestId: message.requestId,
          revision: message.revision,
          event: message.event,
        },
      },
    });
  }
}
