import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  TfpilotExecutor,
  tfpilotExecutorsExtensionPoint,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import request from 'supertest';
import { tfpilotPlugin } from './plugin';

function fakeExecutorModule(type: string, moduleId = `executor-${type}`) {
  const run = async () => ({ runId: `${type}-run` });
  const executor: TfpilotExecutor = {
    type,
    plan: run,
    apply: run,
    destroy: run,
    driftCheck: run,
    cleanup: run,
  };
  return createBackendModule({
    pluginId: 'tfpilot',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { executors: tfpilotExecutorsExtensionPoint },
        async init({ executors }) {
          executors.addExecutor(executor);
        },
      });
    },
  });
}

const config = (data: object) => mockServices.rootConfig.factory({ data });

describe('tfpilot backend plugin', () => {
  it('answers GET /api/tfpilot/health without a token', async () => {
    const { server } = await startTestBackend({ features: [tfpilotPlugin] });

    const response = await request(server).get('/api/tfpilot/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('also answers a signed-in user', async () => {
    const { server } = await startTestBackend({ features: [tfpilotPlugin] });

    const response = await request(server)
      .get('/api/tfpilot/health')
      .set('Authorization', mockCredentials.user.header());

    expect(response.body).toEqual({ status: 'ok' });
  });

  it('keeps health open while every other route demands credentials', async () => {
    const { server } = await startTestBackend({
      features: [
        tfpilotPlugin,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });

    const health = await request(server).get('/api/tfpilot/health');
    const other = await request(server).get('/api/tfpilot/requests');

    expect(health.status).toBe(200);
    expect(other.status).toBe(401);
  });

  it('starts with an executor contributed by a module', async () => {
    const { server } = await startTestBackend({
      features: [
        tfpilotPlugin,
        fakeExecutorModule('github'),
        config({ tfpilot: { executor: { type: 'github' } } }),
      ],
    });

    const response = await request(server).get('/api/tfpilot/health');
    expect(response.status).toBe(200);
  });

  it('refuses to start when the configured executor is not installed', async () => {
    await expect(
      startTestBackend({
        features: [
          tfpilotPlugin,
          config({ tfpilot: { executor: { type: 'kubernetes' } } }),
        ],
      }),
    ).rejects.toThrow(
      /tfpilot\.executor\.type: no executor of type "kubernetes" is installed \(available: local\)/,
    );
  });

  it('refuses two executors of the same type', async () => {
    await expect(
      startTestBackend({
        features: [
          tfpilotPlugin,
          fakeExecutorModule('github'),
          fakeExecutorModule('github', 'second-github'),
        ],
      }),
    ).rejects.toThrow(/executor of type "github" is already registered/);
  });
});
