import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { GithubApiCall, GithubTestServer } from '@tfpilot/test';
import { Knex } from 'knex';
import { GithubExecutor } from '../GithubExecutor';
import { RecordingRunEvents } from './RecordingRunEvents';
import { WebhookReceiver } from './webhookReceiver';

export const OWNER = 'acme';
export const REPO = 'infra-live';
export const WEBHOOK_SECRET = 'tfpilot-webhook-secret';
export const APP_BASE_URL = 'https://backstage.example.com';

/** A GitHub test server, an executor pointed at it and a webhook receiver. */
export interface GithubHarness {
  server: GithubTestServer;
  executor: GithubExecutor;
  events: RecordingRunEvents;
  receiver: WebhookReceiver;
  /** The plugin database the executor keeps its rows in. */
  knex: Knex;
  /** Calls to GitHub's API (the artifact blob download is storage, not API). */
  apiCalls(): GithubApiCall[];
  /** Operation ids of the API calls, in order. */
  operations(): string[];
  stop(): Promise<void>;
}

export async function startGithubHarness(options: {
  knex: Knex;
  /** Omit the webhook secret from the executor's config. */
  withoutWebhookSecret?: boolean;
  minAgeSeconds?: number;
  now?: () => number;
  maxArtifactBytes?: number;
}): Promise<GithubHarness> {
  const server = await GithubTestServer.start({
    owner: OWNER,
    repo: REPO,
    webhookSecret: WEBHOOK_SECRET,
    files: { 'README.md': '# infra-live\n' },
  });
  const config = new ConfigReader({
    app: { baseUrl: APP_BASE_URL },
    integrations: {
      github: [
        {
          host: 'ghe.test',
          apiBaseUrl: server.apiBaseUrl,
          token: 'test-token',
        },
      ],
    },
    tfpilot: {
      executor: {
        type: 'github',
        github: {
          host: 'ghe.test',
          owner: OWNER,
          repo: REPO,
          ...(options.withoutWebhookSecret
            ? {}
            : { webhookSecret: WEBHOOK_SECRET }),
          reconcile: { minAgeSeconds: options.minAgeSeconds ?? 0 },
        },
      },
    },
  });
  const executor = await GithubExecutor.fromConfig(config, {
    logger: mockServices.logger.mock(),
    database: mockServices.database({
      knex: options.knex,
      migrations: { skip: false },
    }),
    // Waits of milliseconds instead of seconds, no pacing of writes.
    client: { retryBaseMs: 1, pacing: 'none' },
    maxArtifactBytes: options.maxArtifactBytes,
    now: options.now,
  });
  const events = new RecordingRunEvents();
  const receiver = await WebhookReceiver.start(executor, events);
  server.setWebhookUrl(receiver.url);
  const apiCalls = () =>
    server.calls.filter(call => !call.operation.startsWith('blob/'));
  return {
    server,
    executor,
    events,
    receiver,
    knex: options.knex,
    apiCalls,
    operations: () => apiCalls().map(call => call.operation),
    async stop() {
      await receiver.stop();
      await server.stop();
    },
  };
}
