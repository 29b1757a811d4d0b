import { createHash } from 'node:crypto';
import { createTransport, SendMailOptions, Transporter } from 'nodemailer';
import { RequestMessage } from '../message';
import { DeliveryError } from '../retry';
import { EmailSettings } from '../types';
import { DeliveryChannel } from './types';

/** Connection problems worth another try; anything unknown is tried again too. */
const PERMANENT_SMTP_CODES = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE']);

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  message?: string;
}

/**
 * SMTP replies say it themselves: 4xx is "try again later" (greylisting, a
 * full queue), 5xx is final (unknown mailbox, refused sender). A failed login
 * or an unusable address will not get better either.
 */
export function classifySmtpError(error: unknown): DeliveryError {
  const failure = (error ?? {}) as SmtpFailure;
  const reply = failure.responseCode;
  const retryable =
    reply !== undefined
      ? reply >= 400 && reply < 500
      : !PERMANENT_SMTP_CODES.has(failure.code ?? '');
  const detail = reply ? `SMTP ${reply}` : failure.code ?? 'SMTP error';
  return new DeliveryError(`${detail}: ${failure.message ?? String(error)}`, {
    retryable,
    cause: error,
  });
}

const LABEL_WIDTH = 14;

export function emailText(message: RequestMessage): string {
  const facts = message.facts.map(
    fact => `${`${fact.label}:`.padEnd(LABEL_WIDTH)}${fact.value}`,
  );
  return [
    message.title,
    '',
    message.summary,
    '',
    ...facts,
    '',
    `Open the request: ${message.link}`,
    '',
    '-- ',
    'Sent by TfPilot. Which events reach you is set in tfpilot.notifications.',
    '',
  ].join('\n');
}

/**
 * One Message-ID per revision and recipient: a retry after a lost answer
 * carries the same id, so mail systems can drop the duplicate.
 */
function messageId(message: RequestMessage, to: string, from: string) {
  const recipient = createHash('sha256').update(to).digest('hex').slice(0, 16);
  const domain = from.split('@')[1];
  return `<tfpilot.${message.requestId}.${message.revision}.${recipient}@${domain}>`;
}

/** Email through an SMTP server (nodemailer); one message per recipient. */
export class EmailChannel implements DeliveryChannel {
  readonly name = 'email';
  readonly #transport: Transporter;
  readonly #settings: EmailSettings;

  static create(settings: EmailSettings): EmailChannel {
    const { smtp } = settings;
    const transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: smtp.requireTLS,
      ...(smtp.auth ? { auth: smtp.auth } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return new EmailChannel(transport, settings);
  }

  constructor(transport: Transporter, settings: EmailSettings) {
    this.#transport = transport;
    this.#settings = settings;
  }

  async send(to: string, message: RequestMessage): Promise<void> {
    const { from, replyTo } = this.#settings;
    const mail: SendMailOptions = {
      from,
      to,
      ...(replyTo ? { replyTo } : {}),
      subject: `[TfPilot] ${message.title}`,
      text: emailText(message),
      messageId: messageId(message, to, from),
      headers: { 'X-TfPilot-Request': message.requestId },
    };
    try {
      await this.#transport.sendMail(mail);
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  async close(): Promise<void> {
    this.#transport.close();
  }
}
