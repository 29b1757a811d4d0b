/**
 * A real Backstage backend with the TfPilot backend plugin and nothing else.
 * Configuration comes from the `--config` files on the command line (written
 * by the harness into a temporary directory), read by Backstage's own root
 * config service.
 *
 * Run through Backstage's node transform so the workspace's TypeScript
 * sources load as they do under `backstage-cli package start`:
 *   node --require @backstage/cli-node/config/nodeTransform.cjs src/backend.ts --config <file>
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@tfpilot/backstage-plugin-tfpilot-backend'));

backend.start().catch((error: unknown) => {
  process.stderr.write(`bench backend failed to start: ${String(error)}\n`);
  process.exit(1);
});

// The harness stops the backend with SIGTERM; stop cleanly so SQLite is closed.
process.once('SIGTERM', () => {
  backend
    .stop()
    .catch(() => undefined)
    .finally(() => process.exit(0));
});
