import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DEFAULT_ENVIRONMENTS } from '@tfpilot/backstage-plugin-tfpilot-common';

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

/** One entry of `tfpilot.environments`. */
export interface TfpilotEnvironment {
  name: string;
  /** Production gets the stricter rules (protected resources, promotion limits). */
  production: boolean;
}

/**
 * `tfpilot.environments` in promotion order (default dev, stage, prod). When
 * none is flagged `production: true`, the last one is taken as production, so
 * an unflagged final environment is never treated as a sandbox.
 */
export function readTfpilotEnvironments(config: Config): TfpilotEnvironment[] {
  const configured = config.getOptionalConfigArray('tfpilot.environments');
  const environments = configured?.length
    ? configured.map(entry => ({
        name: entry.getString('name'),
        production: entry.getOptionalBoolean('production') ?? false,
      }))
    : DEFAULT_ENVIRONMENTS.map(name => ({ name, production: false }));
  if (!environments.some(environment => environment.production)) {
    const last = environments.length - 1;
    environments[last] = { ...environments[last], production: true };
  }
  return environments;
}
