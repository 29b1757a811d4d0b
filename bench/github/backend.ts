/**
 * A real Backstage backend with the TfPilot plugin and its GitHub executor,
 * for the GitHub call-count bench. Config comes from `--config` files.
 * Writes are not spaced (`pacing: 'none'`) and retries wait 1 ms: that
 * changes how long the bench takes, never how many calls it makes.
 */
import { createBackend } from '@backstage/backend-defaults';
import { createTfpilotModuleGithub } from '@tfpilot/backstage-plugin-tfpilot-backend-module-github';

const backend = createBackend();
backend.add(import('@tfpilot/backstage-plugin-tfpilot-backend'));
backend.add(
  createTfpilotModuleGithub({ client: { retryBaseMs: 1, pacing: 'none' } }),
);

backend.start().catch((error: unknown) => {
  process.stderr.write(`bench backend failed to start: ${String(error)}\n`);
  process.exit(1);
});

process.once('SIGTERM', () => {
  backend
    .stop()
    .catch(() => undefined)
    .finally(() => process.exit(0));
});
