import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
// The module is tested inside the real backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import tfpilotPlugin from '@tfpilot/backstage-plugin-tfpilot-backend';
import request from 'supertest';
import { tfpilotModuleGithub } from './module';
import { signWebhookBody } from './webhookSignature';

const config = (data: object) => mockServices.rootConfig.factory({ data });
const integrations = {
  github: [{ host: 'github.com', token: 'ghp_not-a-real-token' }],
};

describe('tfpilot github module', () => {
  it('provides the github executor the backend is configured with', async () => {
    const { server } = await startTestBackend({
      features: [
        tfpilotPlugin,
        tfpilotModuleGithub,
        config({
          integrations,
          tfpilot: {
            executor: {
              type: 'github',
              github: {
                owner: 'acme',
                repo: 'infra-live',
                webhookSecret: 'webhook-secret',
              },
            },
          },
        }),
      ],
    });

    const response = await request(server).get('/api/tfpilot/health');
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('receives GitHub webhooks through the backend, verifying their signature', async () => {
    const { server } = await startTestBackend({
      features: [
        tfpilotPlugin,
        tfpilotModuleGithub,
        config({
          integrations,
          tfpilot: {
            executor: {
              type: 'github',
              github: {
                owner: 'acme',
                repo: 'infra-live',
                webhookSecret: 'webhook-secret',
              },
            },
          },
        }),
      ],
    });
    const body = JSON.stringify({ zen: 'Design for failure.', hook_id: 1 });
    const deliver = (signature?: string) =>
      request(server)
        .post('/api/tfpilot/webhooks/github')
        .set('content-type', 'application/json')
        .set('x-github-event', 'ping')
        .set(signature ? { 'x-hub-signature-256': signature } : {})
        .send(body);

    const signed = await deliver(
      signWebhookBody('webhook-secret', Buffer.from(body)),
    );
    expect(signed.body).toEqual({ status: 'processed', message: 'pong' });

    const forged = await deliver(
      signWebhookBody('guessed-secret', Buffer.from(body)),
    );
    expect(forged.status).toBe(401);
    expect((await deliver()).status).toBe(401);
  });

  it('stops the backend when no integration can authenticate to the host', async () => {
    await expect(
      startTestBackend({
        features: [
          tfpilotPlugin,
          tfpilotModuleGithub,
          config({
            integrations,
            tfpilot: {
              executor: {
                type: 'github',
                github: {
                  host: 'ghe.example.com',
                  owner: 'acme',
                  repo: 'infra-live',
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      'integrations.github: no entry for host "ghe.example.com" (tfpilot.executor.github.host)',
    );
  });

  it('stops the backend with the field at fault when its config is incomplete', async () => {
    await expect(
      startTestBackend({
        features: [
          tfpilotPlugin,
          tfpilotModuleGithub,
          config({
            integrations,
            tfpilot: {
              executor: { type: 'github', github: { owner: 'acme' } },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      'tfpilot.executor.github.repo: required when the executor is github',
    );
  });

  it('stays out of the way when another executor is selected', async () => {
    const { server } = await startTestBackend({
      features: [tfpilotPlugin, tfpilotModuleGithub],
    });

    const response = await request(server).get('/api/tfpilot/health');
    expect(response.status).toBe(200);
  });
});
