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
    });
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
