import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { tfpilotPlugin } from '../plugin';
import { FakeExecutor } from './FakeExecutor';

type Features = Parameters<typeof startTestBackend>[0]['features'];

/**
 * The TfPilot backend plugin on a test backend: a fake executor whose runs
 * the test finishes, a local object store in `storageDir`, and the three
 * environments of the embedded default.
 */
export async function startTfpilotTestBackend(options: {
  storageDir: string;
  features?: Features;
  /** More `tfpilot.*` settings, e.g. `{ policies: { rules: [...] } }`. */
  tfpilot?: Record<string, unknown>;
}) {
  const executor = new FakeExecutor();
  const backend = await startTestBackend({
    features: [
      tfpilotPlugin,
      executor.module(),
      mockServices.rootConfig.factory({
        data: {
          tfpilot: {
            executor: { type: 'fake' },
            storage: { type: 'local', local: { dir: options.storageDir } },
            environments: [
              { name: 'dev' },
              { name: 'stage' },
              { name: 'prod' },
            ],
            ...options.tfpilot,
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  return { backend, server: backend.server, executor };
}
