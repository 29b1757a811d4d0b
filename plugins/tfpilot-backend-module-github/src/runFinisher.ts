import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ExecutorOperation,
  RunArtifacts,
  RunEventSink,
  RunResult,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import {
  ArtifactError,
  downloadRunArtifact,
  MAX_ARTIFACT_BYTES,
} from './artifacts';
import { GithubExecutorStore } from './database/GithubExecutorStore';
import { DRIFT_ARTIFACT, driftFileFilter, driftOutcomes } from './driftResults';
import { GithubOctokit } from './github/client';
import { mergePullRequest, RepositoryTarget } from './requestBranch';
import { runIdOf } from './names';
import { describeConclusion, WorkflowRunInfo } from './workflowRun';

/** Name of the artifact a plan run uploads: `plan.json`, and `infracost.json` when priced. */
export const PLAN_ARTIFACT = 'tfpilot-plan';

type Outcome = Pick<RunResult, 'status' | 'message' | 'artifacts'>;

/**
 * Turns a completed workflow run into run results and reports them. Shared
 * by the webhook and the reconciler, so a run ends the same way whichever
 * sees it first. GitHub calls that fail here (a 5xx past the retries) are
 * thrown, not reported: the run stays in flight and the reconciler tries
 * again, rather than recording a failure the infrastructure did not have.
 */
export class RunFinisher {
  readonly #target: RepositoryTarget;
  readonly #store: GithubExecutorStore;
  readonly #logger: LoggerService;
  readonly #maxArtifactBytes: number;

  constructor(options: {
    target: RepositoryTarget;
    store: GithubExecutorStore;
    logger: LoggerService;
    maxArtifactBytes?: number;
  }) {
    this.#target = options.target;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#maxArtifactBytes = options.maxArtifactBytes ?? MAX_ARTIFACT_BYTES;
  }

  get #repository() {
    return { owner: this.#target.owner, repo: this.#target.repo };
  }

  /** Reports the end of a plan, apply, destroy or cleanup run of one request. */
  async finishRequestRun(
    octokit: GithubOctokit,
    run: WorkflowRunInfo,
    operation: Exclude<ExecutorOperation, 'driftCheck'>,
    requestId: string,
    events: RunEventSink,
  ): Promise<void> {
    let outcome: Outcome;
    if (run.conclusion !== 'success') {
      outcome = { status: 'failed', message: describeConclusion(run) };
    } else if (operation === 'plan') {
      outcome = await this.#planOutcome(octokit, run);
    } else if (operation === 'apply') {
      outcome = await this.#applyOutcome(octokit, requestId);
    } else {
      outcome = { status: 'succeeded' };
    }
    await this.#report(events, run, operation, requestId, outcome);
  }

  /** Reports each request's result of a drift run (those the engine still waits for). */
  async finishDriftRun(
    octokit: GithubOctokit,
    run: WorkflowRunInfo,
    requestIds: readonly string[],
    events: RunEventSink,
  ): Promise<void> {
    // A drift run may fail as a whole when one request's check fails: the
    // others' results are still in its artifact.
    let files;
    if (run.conclusion === 'success' || run.conclusion === 'failure') {
      try {
        files = await downloadRunArtifact({
          octokit,
          repository: this.#repository,
          workflowRunId: run.id,
          name: DRIFT_ARTIFACT,
          wanted: driftFileFilter(requestIds),
          maxBytes: this.#maxArtifactBytes,
        });
      } catch (error) {
        if (!(error instanceof ArtifactError)) {
          throw error;
        }
        this.#logger.warn(`Drift run ${run.id}: ${error.message}`);
      }
    }
    const outcomes = driftOutcomes(files, requestIds, describeConclusion(run));
    for (const requestId of requestIds) {
      const outcome = outcomes.get(requestId);
      if (outcome) {
        await this.#report(events, run, 'driftCheck', requestId, outcome);
      }
    }
  }

  async #planOutcome(
    octokit: GithubOctokit,
    run: WorkflowRunInfo,
  ): Promise<Outcome> {
    try {
      const files = await downloadRunArtifact({
        octokit,
        repository: this.#repository,
        workflowRunId: run.id,
        name: PLAN_ARTIFACT,
        wanted: path => path === 'plan.json' || path === 'infracost.json',
        maxBytes: this.#maxArtifactBytes,
      });
      const plan = files?.get('plan.json');
      if (!plan) {
        const where = run.htmlUrl ?? `run ${run.id}`;
        return {
          status: 'failed',
          message: files
            ? `The plan run succeeded but its ${PLAN_ARTIFACT} artifact holds no plan.json: ${where}`
            : `The plan run succeeded but uploaded no ${PLAN_ARTIFACT} artifact: ${where}`,
        };
      }
      const cost = files?.get('infracost.json');
      const artifacts: RunArtifacts = {
        'plan.json': plan,
        ...(cost ? { 'cost.json': cost } : {}),
      };
      return { status: 'succeeded', artifacts };
    } catch (error) {
      if (error instanceof ArtifactError) {
        return { status: 'failed', message: error.message };
      }
      throw error;
    }
  }

  /** The apply happened whatever the merge does: a merge failure only adds a message. */
  async #applyOutcome(
    octokit: GithubOctokit,
    requestId: string,
  ): Promise<Outcome> {
    const pull = await this.#store.getPullRequest(requestId);
    if (!pull) {
      return {
        status: 'succeeded',
        message: 'Applied; no pull request is known for the request to merge',
      };
    }
    try {
      await mergePullRequest(octokit, this.#target, {
        number: pull.number,
        title: `tfpilot: apply ${requestId} (#${pull.number})`,
      });
      return {
        status: 'succeeded',
        message: `Applied; merged pull request #${pull.number}`,
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#logger.warn(
        `Applied request ${requestId} but could not merge pull request #${pull.number}: ${reason}`,
      );
      return {
        status: 'succeeded',
        message: `Applied, but merging pull request #${pull.number} failed: ${reason}`,
      };
    }
  }

  async #report(
    events: RunEventSink,
    run: WorkflowRunInfo,
    operation: ExecutorOperation,
    requestId: string,
    outcome: Outcome,
  ): Promise<void> {
    const result: RunResult = {
      requestId,
      runId: runIdOf(run.id),
      operation,
      status: outcome.status,
      finishedAt: run.updatedAt ?? new Date().toISOString(),
      ...(outcome.message ? { message: outcome.message } : {}),
      ...(run.htmlUrl ? { url: run.htmlUrl } : {}),
      ...(outcome.artifacts ? { artifacts: outcome.artifacts } : {}),
    };
    this.#logger.info(
      `GitHub ${operation} run ${run.id} of request ${requestId} ${outcome.status}`,
    );
    await events.runFinished(result);
  }
}
