import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Settings of the GitHub Actions executor. */
export interface GithubExecutorConfig {
  host: string;
  owner: string;
  repo: string;
  baseBranch: string;
  workflows: Record<'plan' | 'apply' | 'destroy' | 'drift' | 'cleanup', string>;
}

const PREFIX = 'tfpilot.executor.github';
// GitHub's own limits for owner and repository names.
const OWNER_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;
const WORKFLOW_FILE_PATTERN = /^[A-Za-z0-9._-]+\.ya?ml$/;

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

/** Reads and validates `tfpilot.executor.github`, naming the field at fault. */
export function readGithubExecutorConfig(root: Config): GithubExecutorConfig {
  const config = root.getOptionalConfig(PREFIX);
  if (!config) {
    throw new InputError(`${PREFIX}: required when the executor is github`);
  }
  return {
    host: config.getOptionalString('host') ?? 'github.com',
    owner: requireMatching(
      config,
      'owner',
      OWNER_PATTERN,
      'a GitHub owner name',
    ),
    repo: requireMatching(
      config,
      'repo',
      REPO_PATTERN,
      'a GitHub repository name',
    ),
    baseBranch: config.getOptionalString('baseBranch') ?? 'main',
    workflows: {
      plan: workflowFile(config, 'plan'),
      apply: workflowFile(config, 'apply'),
      destroy: workflowFile(config, 'destroy'),
      drift: workflowFile(config, 'drift'),
      cleanup: workflowFile(config, 'cleanup'),
    },
  };
}
