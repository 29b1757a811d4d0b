import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerDataStream } from 'smtp-server';

/** A message the server accepted, parsed. */
export interface ReceivedMail {
  /** MAIL FROM. */
  envelopeFrom: string;
  /** RCPT TO. */
  envelopeTo: string[];
  /** Lower-case header name → unfolded value (the first of repeated headers). */
  headers: Map<string, string>;
  subject: string;
  /** The text body, transfer encoding decoded. */
  text: string;
  raw: string;
  /** The user that logged in, when the server asked for a login. */
  user?: string;
}

/** A failure answered to the next messages, e.g. 451 (try later) or 550. */
export interface SmtpFault {
  code: number;
  message?: string;
  count?: number;
}

function unfoldHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    if (colon > 0 && !headers.has(name)) {
      headers.set(name, line.slice(colon + 1).trim());
    }
  }
  return headers;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`). */
function decodeWords(value: string): string {
  return value.replace(
    /=\?[^?]+\?([QqBb])\?([^?]*)\?=\s*/g,
    (_, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch (encoding?.toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body, 'base64').toString('utf8');
    default:
      return body;
  }
}

/** Parses a single-part message, which is what the email channel sends. */
export function parseMail(
  raw: string,
): Pick<ReceivedMail, 'headers' | 'subject' | 'text'> {
  const split = raw.indexOf('\r\n\r\n');
  const headers = unfoldHeaders(raw.slice(0, split));
  const body = raw.slice(split + 4);
  return {
    headers,
    subject: decodeWords(headers.get('subject') ?? ''),
    text: decodeBody(body, headers.get('content-transfer-encoding')).replace(
      /\r\n/g,
      '\n',
    ),
  };
}

async function readStream(stream: SMTPServerDataStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function smtpError(fault: SmtpFault): Error {
  return Object.assign(new Error(fault.message ?? 'Try again later'), {
    responseCode: fault.code,
  });
}

/**
 * A real SMTP server (the `smtp-server` library) on 127.0.0.1 and a random
 * port, plain text, optionally asking for a login. Keeps what it receives.
 */
export class SmtpTestServer {
  readonly host = '127.0.0.1';
  readonly messages: ReceivedMail[] = [];
  /** Messages refused by a fault. */
  refused = 0;
  readonly #server: SMTPServer;
  readonly #faults: SmtpFault[] = [];
  #port = 0;

  private constructor(auth?: { user: string; pass: string }) {
    this.#server = new SMTPServer({
      secure: false,
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !auth,
      allowInsecureAuth: true,
      disableReverseLookup: true,
      logger: false,
      closeTimeout: 100,
      onAuth: (login, _session, callback) =>
        login.username === auth?.user && login.password === auth?.pass
          ? callback(null, { user: login.username })
          : callback(
              Object.assign(new Error('Invalid login'), { responseCode: 535 }),
            ),
      onData: (stream, session, callback) => {
        this.#receive(stream, session).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      },
    });
  }

  static async start(options: { auth?: { user: string; pass: string } } = {}) {
    const server = new SmtpTestServer(options.auth);
    await new Promise<void>(resolve =>
      server.#server.listen(0, '127.0.0.1', resolve),
    );
    server.#port = (server.#server.server.address() as AddressInfo).port;
    return server;
  }

  get port(): number {
    return this.#port;
  }

  /** The next `count` (1) messages are refused with `code`. */
  fail(fault: SmtpFault): void {
    this.#faults.push({ ...fault, count: fault.count ?? 1 });
  }

  async waitForMessages(count: number, timeoutMs = 10_000): Promise<void> {
    await this.#waitUntil(
      () => this.messages.length >= count,
      timeoutMs,
      () => `${this.messages.length} of ${count} messages`,
    );
  }

  async waitForRefusals(count: number, timeoutMs = 10_000): Promise<void> {
    await this.#waitUntil(
      () => this.refused >= count,
      timeoutMs,
      () => `${this.refused} of ${count} refusals`,
    );
  }

  async #waitUntil(
    done: () => boolean,
    timeoutMs: number,
    progress: () => string,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) {
        throw new Error(
          `SMTP test server: ${progress()} after ${timeoutMs} ms`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }

  async #receive(
    stream: SMTPServerDataStream,
    session: Parameters<NonNullable<SMTPServer['options']['onData']>>[1],
  ): Promise<void> {
    const raw = await readStream(stream);
    const fault = this.#faults[0];
    if (fault) {
      fault.count = (fault.count ?? 1) - 1;
      if (fault.count <= 0) this.#faults.shift();
      this.refused += 1;
      throw smtpError(fault);
    }
    this.messages.push({
      envelopeFrom: session.envelope.mailFrom
        ? session.envelope.mailFrom.address
        : '',
      envelopeTo: session.envelope.rcptTo.map(r => r.address),
      ...parseMail(raw),
      raw,
      ...(typeof session.user === 'string' ? { user: session.user } : {}),
    });
  }
}
