import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Executor used when `tfpilot.executor.type` is not set. */
export const DEFAULT_EXECUTOR_TYPE = 'local';

const EXECUTOR_TYPE_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

/** Reads and validates `tfpilot.executor.type`. */
export function readExecutorType(config: Config): string {
  const type =
    config.getOptionalString('tfpilot.executor.type') ?? DEFAULT_EXECUTOR_TYPE;
  if (!EXECUTOR_TYPE_PATTERN.test(type)) {
    throw new InputError(
      `tfpilot.executor.type: "${type}" is not a valid executor type (lower-case letters, digits and dashes)`,
    );
  }
  return type;
}
