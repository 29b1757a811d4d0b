import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { checkMessageBody } from './shapes';

/** How to start a {@link SlackTestServer}. */
export interface SlackTestServerOptions {
  /** The one accepted bot token; `xoxb-test-token` by default. */
  token?: string;
  /**
   * Channels `chat.postMessage` may post to (names such as `#infra` or
   * ids); others answer `channel_not_found`. Any channel when absent.
   */
  channels?: string[];
}

/** A message Slack accepted. */
export interface SlackPostedMessage {
  via: 'api' | 'webhook';
  /** The channel asked for; `webhook` for webhook deliveries. */
  channel: string;
  text?: string;
  blocks?: unknown[];
  /** Every other member of the body (e.g. `unfurl_links`). */
  options: Record<string, unknown>;
  ts: string;
}

/** One call the server answered. */
export interface SlackCall {
  via: 'api' | 'webhook' | 'unknown';
  path: string;
  status: number;
  /** Slack's `error` (Web API) or the webhook's error text. */
  error?: string;
}

/**
 * A failure the next matching calls meet: an HTTP status (429 comes with
 * `Retry-After` and `{ ok: false, error: 'ratelimited' }`, as Slack sends
 * it) or, for the Web API, an `{ ok: false, error }` answer with HTTP 200.
 */
export type SlackFault = {
  via?: 'api' | 'webhook';
  count?: number;
} & (
  | { status: 429 | 500 | 502 | 503; retryAfterSeconds?: number }
  | { error: string; retryAfterSeconds?: number }
);

type PendingFault = SlackFault & { remaining: number };

const DEFAULT_TOKEN = 'xoxb-test-token';
const WEBHOOK_PATH = '/services/T0TFPILOT/B0TFPILOT/tfpilotwebhooksecret';
const MAX_BODY_BYTES = 1024 * 1024;

function send(
  res: ServerResponse,
  status: number,
  body: string | object,
  headers: Record<string, string> = {},
): void {
  const json = typeof body !== 'string';
  res.writeHead(status, {
    'Content-Type': json ? 'application/json; charset=utf-8' : 'text/plain',
    ...headers,
  });
  res.end(json ? JSON.stringify(body) : body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Slack's Web API `chat.postMessage` and an incoming webhook on 127.0.0.1,
 * answering in Slack's shapes: `{ ok: true, channel, ts, message }` or
 * `{ ok: false, error }` for the Web API (HTTP 200 even for errors, 429 for
 * rate limits), `ok` or an error text for the webhook. Every body is checked
 * against Slack's documented limits; problems are kept in `violations` (and
 * answered as Slack would: `invalid_blocks`, `no_text`, ...).
 */
export class SlackTestServer {
  readonly url: string;
  /** Give this to a client as its Slack API base URL. */
  readonly apiBaseUrl: string;
  readonly webhookUrl: string;
  readonly token: string;
  readonly messages: SlackPostedMessage[] = [];
  readonly calls: SlackCall[] = [];
  readonly violations: string[] = [];
  readonly #http: Server;
  readonly #channels?: Set<string>;
  readonly #faults: PendingFault[] = [];
  #seq = 0;
  #waiters: (() => void)[] = [];

  private constructor(
    http: Server,
    url: string,
    options: SlackTestServerOptions,
  ) {
    this.#http = http;
    this.url = url;
    this.apiBaseUrl = `${url}/api`;
    this.webhookUrl = `${url}${WEBHOOK_PATH}`;
    this.token = options.token ?? DEFAULT_TOKEN;
    if (options.channels) this.#channels = new Set(options.channels);
  }

  static async start(
    options: SlackTestServerOptions = {},
  ): Promise<SlackTestServer> {
    const http = createServer();
    await new Promise<void>(resolve => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    const server = new SlackTestServer(
      http,
      `http://127.0.0.1:${port}`,
      options,
    );
    http.on('request', (req, res) => {
      server.#onRequest(req, res).catch(error => send(res, 500, String(error)));
    });
    return server;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => {
      this.#http.close(() => resolve());
      this.#http.closeAllConnections();
    });
  }

  /** Queues a failure for the next matching calls (1 by default). */
  fail(fault: SlackFault): void {
    this.#faults.push({ ...fault, remaining: fault.count ?? 1 });
  }

  /** Resolves once `count` messages were accepted, or rejects after `timeoutMs`. */
  async waitForMessages(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `Slack test server: ${this.messages.length} of ${count} messages after ${timeoutMs} ms`,
        );
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const body = await readBody(req);
    if (req.method === 'POST' && path === '/api/chat.postMessage') {
      this.#postMessage(req, res, body);
    } else if (req.method === 'POST' && path === WEBHOOK_PATH) {
      this.#webhook(req, res, body);
    } else if (path.startsWith('/services/')) {
      this.#answer(res, { via: 'webhook', path }, 404, 'no_service');
    } else {
      this.violations.push(`${req.method} ${path}: not a Slack endpoint`);
      this.#answer(res, { via: 'unknown', path }, 404, 'unknown_method');
    }
  }

  #answer(
    res: ServerResponse,
    call: Omit<SlackCall, 'status'>,
    status: number,
    body: string | object,
    headers: Record<string, string> = {},
  ) {
    this.calls.push({ ...call, status });
    send(res, status, body, headers);
  }

  #apiError(res: ServerResponse, path: string, error: string) {
    this.#answer(res, { via: 'api', path, error }, 200, { ok: false, error });
  }

  #takeFault(via: 'api' | 'webhook'): SlackFault | undefined {
    const index = this.#faults.findIndex(f => !f.via || f.via === via);
    if (index < 0) return undefined;
    const fault = this.#faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults.splice(index, 1);
    return fault;
  }

  /** True when a fault answered the call. */
  #answerFault(res: ServerResponse, via: 'api' | 'webhook', path: string) {
    const fault = this.#takeFault(via);
    if (!fault) return false;
    const retryAfter = { 'Retry-After': String(fault.retryAfterSeconds ?? 1) };
    if ('error' in fault) {
      const headers = fault.error === 'ratelimited' ? retryAfter : {};
      this.#answer(
        res,
        { via, path, error: fault.error },
        200,
        { ok: false, error: fault.error },
        headers,
      );
    } else if (fault.status === 429) {
      const body =
        via === 'api' ? { ok: false, error: 'ratelimited' } : 'rate_limited';
      this.#answer(
        res,
        { via, path, error: 'ratelimited' },
        429,
        body,
        retryAfter,
      );
    } else {
      this.#answer(
        res,
        { via, path, error: 'server_error' },
        fault.status,
        'Internal Server Error',
      );
    }
    return true;
  }

  #authorized(req: IncomingMessage): 'ok' | 'not_authed' | 'invalid_auth' {
    const header = req.headers.authorization;
    if (!header) return 'not_authed';
    return header === `Bearer ${this.token}` ? 'ok' : 'invalid_auth';
  }

  #postMessage(req: IncomingMessage, res: ServerResponse, raw: string) {
    const path = '/api/chat.postMessage';
    const auth = this.#authorized(req);
    if (auth !== 'ok') {
      this.violations.push(`chat.postMessage: ${auth}`);
      this.#apiError(res, path, auth);
      return;
    }
    if (this.#answerFault(res, 'api', path)) return;
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      this.violations.push(
        'chat.postMessage: Content-Type is not application/json',
      );
      this.#apiError(res, path, 'invalid_form_data');
      return;
    }
    const body = parseJson(raw);
    if (!body) {
      this.violations.push('chat.postMessage: body is not a JSON object');
      this.#apiError(res, path, 'invalid_json');
      return;
    }
    this.#acceptApiMessage(res, body);
  }

  #acceptApiMessage(res: ServerResponse, body: Record<string, unknown>) {
    const path = '/api/chat.postMessage';
    const { channel, text, blocks, ...options } = body;
    if (typeof channel !== 'string' || channel.length === 0) {
      this.violations.push('chat.postMessage: no channel');
      this.#apiError(res, path, 'channel_not_found');
      return;
    }
    const problems = checkMessageBody(body);
    if (problems.length > 0) {
      this.violations.push(...problems.map(p => `chat.postMessage: ${p}`));
      this.#apiError(
        res,
        path,
        text === undefined && blocks === undefined
          ? 'no_text'
          : 'invalid_blocks',
      );
      return;
    }
    if (this.#channels && !this.#channels.has(channel)) {
      this.#apiError(res, path, 'channel_not_found');
      return;
    }
    const message = this.#record('api', channel, text, blocks, options);
    this.#answer(res, { via: 'api', path }, 200, {
      ok: true,
      channel,
      ts: message.ts,
      message: { type: 'message', text: message.text ?? '', ts: message.ts },
    });
  }

  #webhook(req: IncomingMessage, res: ServerResponse, raw: string) {
    const path = WEBHOOK_PATH;
    if (this.#answerFault(res, 'webhook', path)) return;
    const body = parseJson(raw);
    if (
      !body ||
      !String(req.headers['content-type']).startsWith('application/json')
    ) {
      this.violations.push('webhook: body is not JSON');
      this.#answer(
        res,
        { via: 'webhook', path, error: 'invalid_payload' },
        400,
        'invalid_payload',
      );
      return;
    }
    const problems = checkMessageBody(body);
    if (problems.length > 0) {
      this.violations.push(...problems.map(p => `webhook: ${p}`));
      this.#answer(
        res,
        { via: 'webhook', path, error: 'invalid_blocks' },
        400,
        'invalid_blocks',
      );
      return;
    }
    const { text, blocks, ...options } = body;
    this.#record('webhook', 'webhook', text, blocks, options);
    this.#answer(res, { via: 'webhook', path }, 200, 'ok');
  }

  #record(
    via: 'api' | 'webhook',
    channel: string,
    text: unknown,
    blocks: unknown,
    options: Record<string, unknown>,
  ): SlackPostedMessage {
    this.#seq += 1;
    const message: SlackPostedMessage = {
      via,
      channel,
      ...(typeof text === 'string' ? { text } : {}),
      ...(Array.isArray(blocks) ? { blocks } : {}),
      options,
      ts: `1700000000.${String(this.#seq).padStart(6, '0')}`,
    };
    this.messages.push(message);
    const waiters = this.#waiters;
    this.#waiters = [];
    waiters.forEach(wake => wake());
    return message;
  }
}
