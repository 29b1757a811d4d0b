import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
// The actions are tested against the real TfPilot backend plugin (tests only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import tfpilotPlugin from '@tfpilot/backstage-plugin-tfpilot-backend';
import request from 'supertest';
import { TfpilotActionOptions } from '../actions/helpers';
import { JANE, actionOptions } from './actionContext';
import { TestExecutor } from './TestExecutor';

type Features = Parameters<typeof startTestBackend>[0]['features'];

/**
 * The real TfPilot backend plugin on a test backend (SQLite in memory, the
 * local object store in `storageDir`, environments dev → stage → prod) with
 * a {@link TestExecutor}, and action options whose discovery points at it.
 */
export async function startTfpilotBackend(options: {
  storageDir: string;
  features?: Features;
}) {
  const executor = new TestExecutor();
  const backend = await startTestBackend({
    features: [
      tfpilotPlugin,
      executor.module(),
      mockServices.rootConfig.factory({
        data: {
          tfpilot: {
            executor: { type: executor.type },
            storage: { type: 'local', local: { dir: options.storageDir } },
            environments: [
              { name: 'dev' },
              { name: 'stage' },
              { name: 'prod' },
            ],
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  const port = backend.server.port();
  const actions: TfpilotActionOptions = actionOptions(
    pluginId => `http://localhost:${port}/api/${pluginId}`,
  );

  /** Calls the TfPilot API directly, as `user` (by default Jane). */
  const api = {
    get: (path: string, user = JANE) =>
      request(backend.server)
        .get(`/api/tfpilot${path}`)
        .set('authorization', mockCredentials.user.header(user)),
    post: (path: string, body: object = {}, user = JANE) =>
      request(backend.server)
        .post(`/api/tfpilot${path}`)
        .set('authorization', mockCredentials.user.header(user))
        .send(body),
  };

  /** Asks for a transition and checks TfPilot made it. */
  async function transition(id: string, action: string): Promise<void> {
    const response = await api.post(`/requests/${id}/${action}`);
    if (response.status !== 200) {
      throw new Error(
        `${action} of ${id} answered ${response.status}: ${JSON.stringify(
          response.body,
        )}`,
      );
    }
  }

  /** Takes a submitted request through plan, approval and apply. */
  async function applyRequest(id: string): Promise<void> {
    await transition(id, 'plan');
    await executor.finish(id, 'plan', 'succeeded');
    await transition(id, 'approve');
    await transition(id, 'apply');
    await executor.finish(id, 'apply', 'succeeded');
  }

  return { backend, executor, actions, api, transition, applyRequest };
}
