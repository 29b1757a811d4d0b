import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_EXECUTOR_TYPE,
  findIacBinary,
  NO_IAC_BINARY_MESSAGE,
  TfpilotExecutor,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { LocalExecutor } from '../executors/local/LocalExecutor';
import { ExecutorRegistry } from './ExecutorRegistry';

/** Where the local executor keeps per-request working directories by default. */
export const DEFAULT_LOCAL_WORK_DIR = './.tfpilot/work';
/** Where platform modules live by default (also read by the catalog module). */
export const DEFAULT_MODULES_DIR = './modules';

async function createLocalExecutor(
  config: Config,
  logger: LoggerService,
): Promise<TfpilotExecutor> {
  const binary = await findIacBinary();
  logger.info(
    binary
      ? `TfPilot executor: local, using ${binary.name} at ${binary.path}`
      : `TfPilot executor: local. ${NO_IAC_BINARY_MESSAGE}; local runs will fail until one is installed`,
  );
  return new LocalExecutor({
    workDir:
      config.getOptionalString('tfpilot.executor.local.workDir') ??
      DEFAULT_LOCAL_WORK_DIR,
    modulesDir:
      config.getOptionalString('tfpilot.catalog.modulesDir') ??
      DEFAULT_MODULES_DIR,
    logger,
  });
}

/**
 * The configured executor: a module's, or the built-in local one. Checked at
 * start-up, so a typo in app-config fails fast instead of on the first plan.
 */
export async function resolveExecutor(options: {
  type: string;
  registry: ExecutorRegistry;
  config: Config;
  logger: LoggerService;
}): Promise<TfpilotExecutor> {
  const { type, registry, config, logger } = options;
  const executor = registry.get(type);
  if (executor) {
    logger.info(`TfPilot executor: ${type}`);
    return executor;
  }
  if (type === DEFAULT_EXECUTOR_TYPE) {
    return createLocalExecutor(config, logger);
  }
  const known = [DEFAULT_EXECUTOR_TYPE, ...registry.types()].join(', ');
  throw new InputError(
    `tfpilot.executor.type: no executor of type "${type}" is installed (available: ${known}). Add the backend module that provides it.`,
  );
}
