import { ConfigReader } from '@backstage/config';
import { readGithubExecutorConfig } from './config';

const withGithub = (github: object) =>
  new ConfigReader({ tfpilot: { executor: { type: 'github', github } } });

describe('readGithubExecutorConfig', () => {
  it('fills defaults for host, base branch and workflow files', () => {
    expect(
      readGithubExecutorConfig(
        withGithub({ owner: 'acme', repo: 'infra-live' }),
      ),
    ).toEqual({
      host: 'github.com',
      owner: 'acme',
      repo: 'infra-live',
      baseBranch: 'main',
      workflows: {
        plan: 'tfpilot-plan.yml',
        apply: 'tfpilot-apply.yml',
        destroy: 'tfpilot-destroy.yml',
        drift: 'tfpilot-drift.yml',
        cleanup: 'tfpilot-cleanup.yml',
      },
      tool: 'tofu',
      moduleSource:
        'git::https://github.com/acme/infra-live.git//modules/{name}?ref={name}/v{version}',
      reconcile: { minAgeSeconds: 60 },
    });
  });

  it('reads the webhook secret, tool, module source and state backend', () => {
    expect(
      readGithubExecutorConfig(
        withGithub({
          host: 'ghe.example.com',
          owner: 'acme',
          repo: 'infra-live',
          webhookSecret: 's3cr3t',
          tool: 'terraform',
          toolVersion: '1.15.9',
          moduleSource: 'app.terraform.io/{owner}/{name}/aws',
          stateBackend: {
            type: 's3',
            config: { bucket: 'state', key: '{environment}/{requestId}' },
          },
          reconcile: { minAgeSeconds: 0 },
        }),
      ),
    ).toMatchObject({
      host: 'ghe.example.com',
      webhookSecret: 's3cr3t',
      tool: 'terraform',
      toolVersion: '1.15.9',
      moduleSource: 'app.terraform.io/acme/{name}/aws',
      stateBackend: {
        type: 's3',
        config: { bucket: 'state', key: '{environment}/{requestId}' },
      },
      reconcile: { minAgeSeconds: 0 },
    });
  });

  it.each([
    [
      { tool: 'pulumi' },
      'tfpilot.executor.github.tool: "pulumi" is not one of "tofu", "terraform"',
    ],
    [
      { toolVersion: '~> 1.8' },
      'tfpilot.executor.github.toolVersion: "~> 1.8" is not an exact version such as 1.12.6',
    ],
    [
      { moduleSource: 'git::https://x/{name}?ref={tag}' },
      'tfpilot.executor.github.moduleSource: unknown placeholder {tag}',
    ],
    [
      { moduleSource: 'git::https://x/modules/vpc' },
      'tfpilot.executor.github.moduleSource: "git::https://x/modules/vpc" has no {name} placeholder',
    ],
    [
      { stateBackend: { config: {} } },
      'tfpilot.executor.github.stateBackend.type: required, as a Terraform backend type',
    ],
    [
      { stateBackend: { type: 'S3 bucket' } },
      'tfpilot.executor.github.stateBackend.type: "S3 bucket" is not a Terraform backend type',
    ],
    [
      { stateBackend: { type: 's3', config: { key: '{owner}/{requestId}' } } },
      'tfpilot.executor.github.stateBackend.config.key: unknown placeholder {owner}',
    ],
    [
      { reconcile: { minAgeSeconds: -1 } },
      'tfpilot.executor.github.reconcile.minAgeSeconds: must be a number of seconds ≥ 0',
    ],
    [
      { baseBranch: 'main..x' },
      'tfpilot.executor.github.baseBranch: "main..x" is not a branch name',
    ],
    [
      { host: 'https://github.com' },
      'tfpilot.executor.github.host: "https://github.com" is not a host name',
    ],
  ])('names the key of a bad setting %j', (extra, message) => {
    expect(() =>
      readGithubExecutorConfig(
        withGithub({ owner: 'acme', repo: 'infra', ...extra }),
      ),
    ).toThrow(message);
  });

  it('names the missing section', () => {
    expect(() =>
      readGithubExecutorConfig(new ConfigReader({ tfpilot: {} })),
    ).toThrow('tfpilot.executor.github: required when the executor is github');
  });

  it('names a missing field', () => {
    expect(() =>
      readGithubExecutorConfig(withGithub({ owner: 'acme' })),
    ).toThrow(
      'tfpilot.executor.github.repo: required when the executor is github',
    );
  });

  it('rejects an owner GitHub would not accept', () => {
    expect(() =>
      readGithubExecutorConfig(withGithub({ owner: '../etc', repo: 'infra' })),
    ).toThrow(
      'tfpilot.executor.github.owner: "../etc" is not a GitHub owner name',
    );
  });

  it('rejects a workflow that is not a YAML file name', () => {
    expect(() =>
      readGithubExecutorConfig(
        withGithub({
          owner: 'acme',
          repo: 'infra',
          workflows: { plan: '../../evil.sh' },
        }),
      ),
    ).toThrow(
      /tfpilot\.executor\.github\.workflows\.plan: "\.\.\/\.\.\/evil\.sh"/,
    );
  });
});
