import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  ExecutorOperation,
  InFlightRun,
  RunEventSink,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { GithubClientFactory, GithubOctokit } from './github/client';
import { githubCall } from './github/errors';
import { workflowRunIdOf } from './names';
import { RunFinisher } from './runFinisher';
import { executorOperationOf, parseRunTitle } from './runTitle';
import { readWorkflowRun } from './workflowRun';

/** The requests waiting for one workflow run (several for a drift batch). */
interface RunGroup {
  operation: ExecutorOperation;
  requestIds: string[];
}

const message = (error: unknown) =>
  isError(error) ? error.message : String(error);

/**
 * Catches up on runs whose webhook never came (lost delivery, backend down):
 * one `GET actions/runs/{id}` per in-flight run older than `minAgeSeconds`,
 * finishing those GitHub reports completed exactly as a webhook would. A
 * failing lookup is logged and the others go on.
 */
export class Reconciler {
  readonly #repository: { owner: string; repo: string };
  readonly #minAgeMs: number;
  readonly #clients: GithubClientFactory;
  readonly #finisher: RunFinisher;
  readonly #logger: LoggerService;
  readonly #now: () => number;

  constructor(options: {
    repository: { owner: string; repo: string };
    minAgeSeconds: number;
    clients: GithubClientFactory;
    finisher: RunFinisher;
    logger: LoggerService;
    now?: () => number;
  }) {
    this.#repository = options.repository;
    this.#minAgeMs = options.minAgeSeconds * 1000;
    this.#clients = options.clients;
    this.#finisher = options.finisher;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  async reconcile(
    runs: readonly InFlightRun[],
    events: RunEventSink,
  ): Promise<void> {
    const groups = this.#groupByRun(runs);
    if (groups.size === 0) {
      return;
    }
    let octokit: GithubOctokit;
    try {
      octokit = await this.#clients.create();
    } catch (error) {
      this.#logger.error(`Cannot reconcile GitHub runs: ${message(error)}`);
      return;
    }
    for (const [workflowRunId, group] of groups) {
      try {
        await this.#reconcileRun(octokit, workflowRunId, group, events);
      } catch (error) {
        this.#logger.warn(
          `Could not reconcile GitHub run ${workflowRunId} of ${group.requestIds.join(
            ', ',
          )}: ${message(error)}`,
        );
      }
    }
  }

  /** GitHub runs old enough to ask about, with the requests waiting for each. */
  #groupByRun(runs: readonly InFlightRun[]): Map<number, RunGroup> {
    const startedBefore = this.#now() - this.#minAgeMs;
    const groups = new Map<number, RunGroup>();
    for (const { requestId, run } of runs) {
      const workflowRunId = workflowRunIdOf(run.runId);
      if (
        run.executor !== 'github' ||
        workflowRunId === undefined ||
        Date.parse(run.startedAt) > startedBefore
      ) {
        continue;
      }
      const group = groups.get(workflowRunId) ?? {
        operation: run.operation,
        requestIds: [],
      };
      group.requestIds.push(requestId);
      groups.set(workflowRunId, group);
    }
    return groups;
  }

  async #reconcileRun(
    octokit: GithubOctokit,
    workflowRunId: number,
    group: RunGroup,
    events: RunEventSink,
  ): Promise<void> {
    const { data } = await githubCall('get workflow run', () =>
      octokit.rest.actions.getWorkflowRun({
        ...this.#repository,
        run_id: workflowRunId,
      }),
    );
    const run = readWorkflowRun(data);
    if ('problem' in run) {
      throw new Error(`GitHub answered with a malformed run: ${run.problem}`);
    }
    if (run.status !== 'completed') {
      this.#logger.debug(`GitHub run ${workflowRunId} is still ${run.status}`);
      return;
    }
    const title = parseRunTitle(run.title);
    if (!title || executorOperationOf(title) !== group.operation) {
      throw new Error(
        `run "${run.title}" is not the ${group.operation} run the engine waits for`,
      );
    }
    this.#logger.info(
      `Reconciler found GitHub run ${workflowRunId} completed without a webhook`,
    );
    if (title.operation === 'drift') {
      await this.#finisher.finishDriftRun(
        octokit,
        run,
        group.requestIds,
        events,
      );
      return;
    }
    if (!group.requestIds.includes(title.requestId)) {
      throw new Error(`run "${run.title}" belongs to another request`);
    }
    await this.#finisher.finishRequestRun(
      octokit,
      run,
      title.operation,
      title.requestId,
      events,
    );
  }
}
