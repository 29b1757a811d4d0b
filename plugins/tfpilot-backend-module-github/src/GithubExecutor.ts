import { NotImplementedError } from '@backstage/errors';
import {
  ExecutorRunHandle,
  ExecutorRunInput,
  TfpilotExecutor,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { GithubExecutorConfig } from './config';

/**
 * Runs requests in GitHub Actions: a branch and pull request per request, and
 * the tfpilot-* reusable workflows dispatched per operation.
 *
 * Pull requests and workflow dispatch arrive with the GitHub execution work;
 * until then every operation refuses with an explicit error rather than
 * pretending to have started a run.
 */
export class GithubExecutor implements TfpilotExecutor {
  readonly type = 'github';
  readonly #config: GithubExecutorConfig;

  constructor(config: GithubExecutorConfig) {
    this.#config = config;
  }

  get repository(): string {
    return `${this.#config.owner}/${this.#config.repo}`;
  }

  #notYet(operation: string, input: ExecutorRunInput): never {
    throw new NotImplementedError(
      `GitHub execution of ${operation} for request ${input.requestId} in ${this.repository} is not available in this version of TfPilot`,
    );
  }

  async plan(input: ExecutorRunInput): Promise<ExecutorRunHandle> {
    return this.#notYet('plan', input);
  }
  async apply(input: ExecutorRunInput): Promise<ExecutorRunHandle> {
    return this.#notYet('apply', input);
  }
  async destroy(input: ExecutorRunInput): Promise<ExecutorRunHandle> {
    return this.#notYet('destroy', input);
  }
  async driftCheck(input: ExecutorRunInput): Promise<ExecutorRunHandle> {
    return this.#notYet('driftCheck', input);
  }
  async cleanup(input: ExecutorRunInput): Promise<ExecutorRunHandle> {
    return this.#notYet('cleanup', input);
  }
}
