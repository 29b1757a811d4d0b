import { InputError } from '@backstage/errors';
import {
  ExecutorRunInput,
  renderMainTfJson,
  reservedInputNames,
  StateBackend,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { fillPlaceholders, GithubExecutorConfig } from './config';

/**
 * The module source of a request: the configured template with the module's
 * name and version. A template without `{version}` (a registry address) takes
 * the version as the module block's `version` attribute instead.
 */
export function moduleSourceFor(
  template: string,
  module: { name: string; version: string },
): { source: string; version?: string } {
  const source = fillPlaceholders(template, {
    name: module.name,
    version: module.version,
  });
  return template.includes('{version}')
    ? { source }
    : { source, version: module.version };
}

function fillDeep(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return fillPlaceholders(value, values);
  }
  if (Array.isArray(value)) {
    return value.map(item => fillDeep(item, values));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillDeep(item, values)]),
    );
  }
  return value;
}

/** The state backend of one request: `{environment}`, `{requestId}`, `{module}` filled in. */
export function stateBackendFor(
  template: GithubExecutorConfig['stateBackend'],
  input: Pick<ExecutorRunInput, 'environment' | 'requestId' | 'module'>,
): StateBackend | undefined {
  if (!template) {
    return undefined;
  }
  const values = {
    environment: input.environment,
    requestId: input.requestId,
    module: input.module.name,
  };
  return {
    type: template.type,
    config: Object.fromEntries(
      Object.entries(template.config).map(([key, value]) => [
        key,
        fillDeep(value, values),
      ]),
    ),
  };
}

/**
 * The bytes of `tfpilot/<env>/<id>/main.tf.json`: the same request always
 * gives the same bytes, so a re-plan finds nothing to commit.
 */
export function requestMainTf(
  config: Pick<GithubExecutorConfig, 'moduleSource' | 'stateBackend'>,
  input: ExecutorRunInput,
): string {
  const reserved = reservedInputNames(input.inputs);
  if (reserved.length > 0) {
    throw new InputError(
      `Inputs ${reserved
        .map(name => `"${name}"`)
        .join(
          ', ',
        )} cannot be used: Terraform reserves these names in a module call`,
    );
  }
  const { source, version } = moduleSourceFor(
    config.moduleSource,
    input.module,
  );
  const backend = stateBackendFor(config.stateBackend, input);
  return renderMainTfJson({
    moduleName: input.module.name,
    moduleSource: source,
    ...(version ? { moduleVersion: version } : {}),
    inputs: input.inputs,
    ...(backend ? { backend } : {}),
  });
}
