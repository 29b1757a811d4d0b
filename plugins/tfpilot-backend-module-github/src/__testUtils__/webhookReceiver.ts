import { isError } from '@backstage/errors';
import {
  ExecutorWebhookOutcome,
  RunEventSink,
  TfpilotExecutor,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One delivery as the receiver answered it. */
export interface ReceivedDelivery {
  event?: string;
  status: number;
  outcome?: ExecutorWebhookOutcome;
  error?: { name: string; message: string };
}

// The statuses the backend maps executor errors to.
const STATUS_OF_ERROR: Record<string, number> = {
  AuthenticationError: 401,
  InputError: 400,
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * A stand-in for `POST /api/tfpilot/webhooks/github`: hands each delivery's
 * raw bytes to the executor and answers as the backend would.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  readonly #server: Server;
  readonly url: string;

  private constructor(server: Server, url: string) {
    this.#server = server;
    this.url = url;
  }

  static async start(
    executor: Pick<TfpilotExecutor, 'handleWebhook'>,
    events: RunEventSink,
  ): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const receiver = new WebhookReceiver(
      server,
      `http://127.0.0.1:${port}/api/tfpilot/webhooks/github`,
    );
    server.on('request', async (req, res) => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        headers[name.toLowerCase()] = Array.isArray(value)
          ? value.join(', ')
          : value;
      }
      const event = headers['x-github-event'];
      let record: ReceivedDelivery;
      try {
        const body = await readBody(req);
        const outcome = await executor.handleWebhook!(
          { headers, body },
          events,
        );
        record = { event, status: 200, outcome };
      } catch (error) {
        const name = isError(error) ? error.name : 'Error';
        const message = isError(error) ? error.message : String(error);
        record = {
          event,
          status: STATUS_OF_ERROR[name] ?? 500,
          error: { name, message },
        };
      }
      receiver.received.push(record);
      res.writeHead(record.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(record.outcome ?? { error: record.error }));
    });
    return receiver;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}
