import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  notificationService,
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { JsonObject } from '@backstage/types';
import { tfpilotPlugin } from '../plugin';
import { FakeExecutor } from './FakeExecutor';

type Features = Parameters<typeof startTestBackend>[0]['features'];

/** Keeps in-app notifications instead of posting them to a notifications backend. */
export class RecordingNotificationService implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];

  async send(options: NotificationSendOptions): Promise<void> {
    this.sent.push(options);
  }
}

/**
 * The TfPilot backend plugin on a test backend: a fake executor whose runs
 * the test finishes, a local object store in `storageDir`, and the three
 * environments of the embedded default. In-app notifications are recorded
 * (`notifications`), not sent.
 */
export async function startTfpilotTestBackend(options: {
  storageDir: string;
  features?: Features;
  /** More `tfpilot.*` settings, e.g. `{ policies: { rules: [...] } }`. */
  tfpilot?: Record<string, unknown>;
  /** Other top-level settings, e.g. `{ app: { baseUrl } }`. */
  config?: JsonObject;
  /** Receives in-app notifications; a {@link RecordingNotificationService} by default. */
  notifications?: NotificationService;
}) {
  const executor = new FakeExecutor();
  const notifications =
    options.notifications ?? new RecordingNotificationService();
  const backend = await startTestBackend({
    features: [
      tfpilotPlugin,
      executor.module(),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
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
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => notifications,
      }),
      ...(options.features ?? []),
    ],
  });
  return { backend, server: backend.server, executor, notifications };
}
