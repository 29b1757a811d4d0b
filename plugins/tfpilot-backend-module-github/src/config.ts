import { Config, JsonObject, JsonValue } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The command line tool the workflows run. */
export type IacTool = 'tofu' | 'terraform';

/** Where Terraform keeps each request's state; strings may hold placeholders. */
export interface StateBackendTemplate {
  type: string;
  config: JsonObject;
}

/** Settings of the GitHub Actions executor. */
export interface GithubExecutorConfig {
  host: string;
  owner: string;
  repo: string;
  baseBranch: string;
  workflows: Record<'plan' | 'apply' | 'destroy' | 'drift' | 'cleanup', string>;
  /** Shared secret of the repository webhook; deliveries are refused without it. */
  webhookSecret?: string;
  tool: IacTool;
  toolVersion?: string;
  /** Module source with `{name}` and optionally `{version}` still to fill in. */
  moduleSource: string;
  stateBackend?: StateBackendTemplate;
  reconcile: { minAgeSeconds: number };
}

const PREFIX = 'tfpilot.executor.github';
// GitHub's own limits for owner and repository names.
const OWNER_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;
const WORKFLOW_FILE_PATTERN = /^[A-Za-z0-9._-]+\.ya?ml$/;
// Git refuses `..`, spaces, `~^:?*[\` and a few more in ref names.
const BRANCH_PATTERN = /^(?!.*\.\.)(?!\/)(?!.*\/$)[A-Za-z0-9._/-]{1,200}$/;
const HOST_PATTERN = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;
// An exact version, as the tfpilot-* workflows require (no ranges: runs must repeat).
const TOOL_VERSION_PATTERN =
  /^[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}(?:-[0-9A-Za-z.]{1,32})?$/;
const BACKEND_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** The default: modules tagged `<name>/v<version>` in the infrastructure repository. */
export const DEFAULT_MODULE_SOURCE =
  'git::https://{host}/{owner}/{repo}.git//modules/{name}?ref={name}/v{version}';

const MODULE_SOURCE_PLACEHOLDERS = [
  'name',
  'version',
  'host',
  'owner',
  'repo',
] as const;
/** Placeholders a state backend value may use, filled per request. */
export const STATE_BACKEND_PLACEHOLDERS = [
  'environment',
  'requestId',
  'module',
] as const;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Names inside `{…}` in a template. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map(match => match[1]);
}

/** Replaces each `{name}` with its value; names without a value are left as they are. */
export function fillPlaceholders(
  template: string,
  values: Readonly<Record<string, string>>,
): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole,
  );
}

function requireMatching(
  config: Config,
  key: string,
  pattern: RegExp,
  what: string,
): string {
  const value = config.getOptionalString(key);
  if (value === undefined || value === '') {
    throw new InputError(
      `${PREFIX}.${key}: required when the executor is github`,
    );
  }
  if (!pattern.test(value)) {
    throw new InputError(`${PREFIX}.${key}: "${value}" is not ${what}`);
  }
  return value;
}

function optionalMatching(
  config: Config,
  key: string,
  pattern: RegExp,
  what: string,
  fallback: string,
): string {
  const value = config.getOptionalString(key) ?? fallback;
  if (!pattern.test(value)) {
    throw new InputError(`${PREFIX}.${key}: "${value}" is not ${what}`);
  }
  return value;
}

function workflowFile(config: Config, name: string): string {
  const key = `workflows.${name}`;
  const value = config.getOptionalString(key) ?? `tfpilot-${name}.yml`;
  if (!WORKFLOW_FILE_PATTERN.test(value)) {
    throw new InputError(
      `${PREFIX}.${key}: "${value}" is not a workflow file name (*.yml or *.yaml in .github/workflows)`,
    );
  }
  return value;
}

function readTool(config: Config): IacTool {
  const value = config.getOptionalString('tool') ?? 'tofu';
  if (value !== 'tofu' && value !== 'terraform') {
    throw new InputError(
      `${PREFIX}.tool: "${value}" is not one of "tofu", "terraform"`,
    );
  }
  return value;
}

function readModuleSource(
  config: Config,
  repository: Record<'host' | 'owner' | 'repo', string>,
): string {
  const template =
    config.getOptionalString('moduleSource') ?? DEFAULT_MODULE_SOURCE;
  const unknown = placeholdersOf(template).filter(
    name => !(MODULE_SOURCE_PLACEHOLDERS as readonly string[]).includes(name),
  );
  if (unknown.length > 0) {
    throw new InputError(
      `${PREFIX}.moduleSource: unknown placeholder {${
        unknown[0]
      }}; use ${MODULE_SOURCE_PLACEHOLDERS.map(name => `{${name}}`).join(
        ', ',
      )}`,
    );
  }
  if (!placeholdersOf(template).includes('name')) {
    throw new InputError(
      `${PREFIX}.moduleSource: "${template}" has no {name} placeholder`,
    );
  }
  // The repository is known now; name and version are filled per request.
  return fillPlaceholders(template, repository);
}

/** Every string in a JSON value, with the path of the key that holds it. */
function stringsOf(
  value: JsonValue | undefined,
  path: string,
): Array<{ path: string; text: string }> {
  if (typeof value === 'string') {
    return [{ path, text: value }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => stringsOf(item, `${path}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      stringsOf(item, `${path}.${key}`),
    );
  }
  return [];
}

function readStateBackend(config: Config): StateBackendTemplate | undefined {
  const backend = config.getOptionalConfig('stateBackend');
  if (!backend) {
    return undefined;
  }
  const type = backend.getOptionalString('type');
  if (!type || !BACKEND_TYPE_PATTERN.test(type)) {
    throw new InputError(
      `${PREFIX}.stateBackend.type: ${
        type ? `"${type}" is not` : 'required, as'
      } a Terraform backend type such as "s3"`,
    );
  }
  const settings = backend.getOptional('config') ?? {};
  if (
    settings === null ||
    typeof settings !== 'object' ||
    Array.isArray(settings)
  ) {
    throw new InputError(
      `${PREFIX}.stateBackend.config: must be an object of backend settings`,
    );
  }
  for (const { path, text } of stringsOf(settings, 'config')) {
    const unknown = placeholdersOf(text).find(
      name => !(STATE_BACKEND_PLACEHOLDERS as readonly string[]).includes(name),
    );
    if (unknown !== undefined) {
      throw new InputError(
        `${PREFIX}.stateBackend.${path}: unknown placeholder {${unknown}}; use ${STATE_BACKEND_PLACEHOLDERS.map(
          name => `{${name}}`,
        ).join(', ')}`,
      );
    }
  }
  return { type, config: settings };
}

function readMinAge(config: Config): number {
  const key = 'reconcile.minAgeSeconds';
  const value = config.getOptionalNumber(key) ?? 60;
  if (!Number.isFinite(value) || value < 0) {
    throw new InputError(`${PREFIX}.${key}: must be a number of seconds ≥ 0`);
  }
  return value;
}

/** Reads and validates `tfpilot.executor.github`, naming the field at fault. */
export function readGithubExecutorConfig(root: Config): GithubExecutorConfig {
  const config = root.getOptionalConfig(PREFIX);
  if (!config) {
    throw new InputError(`${PREFIX}: required when the executor is github`);
  }
  const host = optionalMatching(
    config,
    'host',
    HOST_PATTERN,
    'a host name',
    'github.com',
  );
  const owner = requireMatching(
    config,
    'owner',
    OWNER_PATTERN,
    'a GitHub owner name',
  );
  const repo = requireMatching(
    config,
    'repo',
    REPO_PATTERN,
    'a GitHub repository name',
  );
  const toolVersion = config.getOptionalString('toolVersion');
  if (toolVersion !== undefined && !TOOL_VERSION_PATTERN.test(toolVersion)) {
    throw new InputError(
      `${PREFIX}.toolVersion: "${toolVersion}" is not an exact version such as 1.12.6`,
    );
  }
  const webhookSecret = config.getOptionalString('webhookSecret');
  const stateBackend = readStateBackend(config);
  return {
    host,
    owner,
    repo,
    baseBranch: optionalMatching(
      config,
      'baseBranch',
      BRANCH_PATTERN,
      'a branch name',
      'main',
    ),
    workflows: {
      plan: workflowFile(config, 'plan'),
      apply: workflowFile(config, 'apply'),
      destroy: workflowFile(config, 'destroy'),
      drift: workflowFile(config, 'drift'),
      cleanup: workflowFile(config, 'cleanup'),
    },
    ...(webhookSecret ? { webhookSecret } : {}),
    tool: readTool(config),
    ...(toolVersion ? { toolVersion } : {}),
    moduleSource: readModuleSource(config, { host, owner, repo }),
    ...(stateBackend ? { stateBackend } : {}),
    reconcile: { minAgeSeconds: readMinAge(config) },
  };
}
