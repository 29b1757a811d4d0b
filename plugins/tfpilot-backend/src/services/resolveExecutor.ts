import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_EXECUTOR_TYPE,
  findIacBinary,
  NO_IAC_BINARY_MESSAGE,
  TfpilotExecutor,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { ExecutorRegistry } from './ExecutorRegistry';

/** The configured executor: a module's, or the built-in local one. */
export type ResolvedExecutor =
  | { type: typeof DEFAULT_EXECUTOR_TYPE }
  | { type: string; executor: TfpilotExecutor };

/**
 * Checks at start-up that the configured executor exists, so a typo in
 * app-config fails fast instead of on the first plan.
 */
export async function resolveExecutor(options: {
  type: string;
  registry: ExecutorRegistry;
  logger: LoggerService;
}): Promise<ResolvedExecutor> {
  const { type, registry, logger } = options;
  const executor = registry.get(type);
  if (executor) {
    logger.info(`TfPilot executor: ${type}`);
    return { type, executor };
  }
  if (type === DEFAULT_EXECUTOR_TYPE) {
    const binary = await findIacBinary();
    logger.info(
      binary
        ? `TfPilot executor: local, using ${binary.name} at ${binary.path}`
        : `TfPilot executor: local. ${NO_IAC_BINARY_MESSAGE}; local runs will fail until one is installed`,
    );
    return { type };
  }
  const known = [DEFAULT_EXECUTOR_TYPE, ...registry.types()].join(', ');
  throw new InputError(
    `tfpilot.executor.type: no executor of type "${type}" is installed (available: ${known}). Add the backend module that provides it.`,
  );
}
