import { JsonObject } from '@backstage/types';
import { RequestMessage } from '../message';
import { DeliveryError, parseRetryAfter } from '../retry';
import { SlackSettings } from '../types';
import { DeliveryChannel } from './types';

/** The recipient of webhook deliveries: the webhook decides the channel. */
export const SLACK_WEBHOOK_RECIPIENT = 'webhook';

/** Slack's `error` values that say "later", not "never". */
const TRANSIENT_SLACK_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

const REQUEST_TIMEOUT_MS = 10_000;
/** Slack shows at most 10 fields in a section. */
const MAX_FIELDS = 10;

/** Slack's mrkdwn treats only these three as markup. */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function isAbsolute(link: string): boolean {
  return /^https?:\/\//.test(link);
}

function headline(message: RequestMessage): string {
  const title = escapeMrkdwn(message.title);
  const linked = isAbsolute(message.link)
    ? `<${escapeMrkdwn(message.link)}|${title}>`
    : title;
  return `*${linked}*\n${escapeMrkdwn(message.summary)}`;
}

function field(label: string, value: string): JsonObject {
  const shown = isAbsolute(value)
    ? `<${escapeMrkdwn(value)}|logs>`
    : escapeMrkdwn(value);
  return { type: 'mrkdwn', text: `*${escapeMrkdwn(label)}*\n${shown}` };
}

/** Text (notifications, screen readers) plus blocks (the message itself). */
export function slackMessage(message: RequestMessage): JsonObject {
  return {
    text: escapeMrkdwn(`${message.title}: ${message.summary} ${message.link}`),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: headline(message) } },
      {
        type: 'section',
        fields: message.facts
          .slice(0, MAX_FIELDS)
          .map(fact => field(fact.label, fact.value)),
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: escapeMrkdwn(
              `TfPilot · ${message.requestId} · revision ${message.revision}`,
            ),
          },
        ],
      },
    ],
  };
}

/** Rate limits and server errors are worth waiting for; other HTTP errors are not. */
function httpFailure(response: Response, body: string): DeliveryError {
  const retryable = response.status === 429 || response.status >= 500;
  return new DeliveryError(
    `Slack answered HTTP ${response.status}${
      body ? `: ${body.slice(0, 200)}` : ''
    }`,
    {
      retryable,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    },
  );
}

function apiFailure(response: Response, error: string): DeliveryError {
  return new DeliveryError(`Slack refused the message: ${error}`, {
    retryable: TRANSIENT_SLACK_ERRORS.has(error),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  });
}

function readApiAnswer(text: string): { ok?: unknown; error?: unknown } {
  try {
    const answer: unknown = JSON.parse(text);
    return typeof answer === 'object' && answer !== null ? answer : {};
  } catch {
    return {};
  }
}

/**
 * Slack through the Web API (`chat.postMessage` with a bot token; the route
 * picks the channel) or through an incoming webhook (its own channel).
 */
export class SlackChannel implements DeliveryChannel {
  readonly name = 'slack';
  readonly #settings: SlackSettings;

  constructor(settings: SlackSettings) {
    this.#settings = settings;
  }

  async send(channel: string, message: RequestMessage): Promise<void> {
    const settings = this.#settings;
    if (settings.mode === 'webhook') {
      await this.#postWebhook(settings.webhookUrl, message);
      return;
    }
    await this.#postMessage(settings.apiBaseUrl, settings.token, {
      channel,
      ...slackMessage(message),
      unfurl_links: false,
      unfurl_media: false,
    });
  }

  async #postMessage(apiBaseUrl: string, token: string, body: JsonObject) {
    const response = await fetch(`${apiBaseUrl}/chat.postMessage`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json; charset=utf-8',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) throw httpFailure(response, text);
    const answer = readApiAnswer(text);
    if (answer.ok !== true) {
      throw apiFailure(response, String(answer.error ?? 'no ok in the answer'));
    }
  }

  async #postWebhook(url: string, message: RequestMessage) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(slackMessage(message)),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) throw httpFailure(response, text);
  }
}
