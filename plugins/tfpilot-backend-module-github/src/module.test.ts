import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import tfpilotPlugin from '@tfpilot/backstage-plugin-tfpilot-backend';
import request from 'supertest';
import { tfpilotModuleGithub } from './module';

const config = (data: object) => mockServices.rootConfig.factory({ data });

describe('tfpilot github module', () => {
  it('provides the github executor the backend is configured with', async () => {
    const { server } = await startTestBackend({
      features: [
        tfpilotPlugin,
        tfpilotModuleGithub,
        config({
          tfpilot: {
            executor: {
              type: 'github',
              github: { owner: 'acme', repo: 'infra-live' },
            },
          },
        }),
      ],
    });

    const response = await request(server).get('/api/tfpilot/health');
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('stops the backend with the field at fault when its config is incomplete', async () => {
    await expect(
      startTestBackend({
        features: [
          tfpilotPlugin,
          tfpilotModuleGithub,
          config({
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
