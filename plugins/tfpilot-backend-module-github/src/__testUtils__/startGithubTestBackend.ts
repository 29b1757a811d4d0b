import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
// The executor is tested inside the real backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import tfpilotPlugin from '@tfpilot/backstage-plugin-tfpilot-backend';
import { GithubTestServer } from '@tfpilot/test';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTfpilotModuleGithub } from '../module';

export const E2E_OWNER = 'acme';
export const E2E_REPO = 'infra-live';
export const E2E_WEBHOOK_SECRET = 'e2e-webhook-secret';
const jane = mockCredentials.user.header('user:default/jane');

type Features = Parameters<typeof startTestBackend>[0]['features'];

/**
 * The real TfPilot backend with the GitHub module (short retry waits, no
 * write pacing), talking to `github` and receiving its signed webhooks; the
 * caller gives the database so a restarted backend finds its data again.
 */
export async function startGithubTestBackend(options: {
  github: GithubTestServer;
  knex: Knex;
  storageDir: string;
  /** Extra `tfpilot.executor.github` settings. */
  executor?: Record<string, unknown>;
  features?: Features;
}) {
  const { github } = options;
  const backend = await startTestBackend({
    features: [
      tfpilotPlugin,
      createTfpilotModuleGithub({ client: { retryBaseMs: 1, pacing: 'none' } }),
      mockServices.database.factory({
        knex: options.knex,
        migrations: { skip: false },
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'https://backstage.example.com' },
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: github.apiBaseUrl,
                token: 'test-token',
              },
            ],
          },
          tfpilot: {
            storage: { type: 'local', local: { dir: options.storageDir } },
            environments: [{ name: 'dev' }, { name: 'stage' }],
            executor: {
              type: 'github',
              github: {
                owner: E2E_OWNER,
                repo: E2E_REPO,
                webhookSecret: E2E_WEBHOOK_SECRET,
                ...options.executor,
              },
            },
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  github.setWebhookUrl(`http://127.0.0.1:${port}/api/tfpilot/webhooks/github`);
  return {
    backend,
    post: (path: string, body: object = {}) =>
      request(backend.server)
        .post(`/api/tfpilot${path}`)
        .set('Authorization', jane)
        .send(body),
    get: (path: string, query: object = {}) =>
      request(backend.server)
        .get(`/api/tfpilot${path}`)
        .set('Authorization', jane)
        .query(query),
    /** The id of the workflow run dispatched last. */
    lastRunId: () => {
      const runs = github.runs();
      return runs[runs.length - 1].id;
    },
  };
}
