import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  environmentSchema,
  REQUEST_ID_PATTERN,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  ExecutorOperation,
  ExecutorRunHandle,
  ExecutorRunInput,
  ExecutorWebhookDelivery,
  ExecutorWebhookOutcome,
  InFlightRun,
  RunEventSink,
  TfpilotExecutor,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { randomBytes } from 'node:crypto';
import { publishComment } from './comments';
import { GithubExecutorConfig, readGithubExecutorConfig } from './config';
import { GithubExecutorStore } from './database/GithubExecutorStore';
import {
  applyDispatch,
  cleanupDispatch,
  destroyDispatch,
  dispatchWorkflow,
  driftDispatch,
  MAX_DRIFT_BATCH,
  planDispatch,
  WorkflowDispatch,
} from './dispatch';
import {
  GithubClientFactory,
  GithubClientOptions,
  GithubOctokit,
} from './github/client';
import { KeyedQueue } from './keyedQueue';
import { requestMainTf } from './mainTf';
import { mainTfPath, requestBranch, runIdOf } from './names';
import { Reconciler } from './reconciler';
import {
  closePullRequest,
  deleteBranch,
  ensureBranch,
  ensurePullRequest,
  RepositoryTarget,
  writeFileIfChanged,
} from './requestBranch';
import { RunFinisher } from './runFinisher';
import { WebhookHandler } from './webhookHandler';

/** What {@link GithubExecutor} is built from. */
export interface GithubExecutorOptions {
  config: GithubExecutorConfig;
  clients: GithubClientFactory;
  store: GithubExecutorStore;
  logger: LoggerService;
  /** `app.baseUrl`: pull requests link back to the request in Backstage. */
  appBaseUrl?: string;
  /** Largest artifact downloaded; see MAX_ARTIFACT_BYTES. */
  maxArtifactBytes?: number;
  /** The clock, for the reconciler's minimum run age. */
  now?: () => number;
}

/** The run a drift batch started, and the batch it checks. */
export interface DriftBatchHandle extends ExecutorRunHandle {
  batchId: string;
}

/** A new drift batch id: time-ordered, unique, safe in a run name. */
function newBatchId(): string {
  return `${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;
}

function checkRequest(
  input: Pick<ExecutorRunInput, 'requestId' | 'environment'>,
) {
  if (!REQUEST_ID_PATTERN.test(input.requestId)) {
    throw new InputError(`"${input.requestId}" is not a TfPilot request id`);
  }
  if (!environmentSchema.safeParse(input.environment).success) {
    throw new InputError(`"${input.environment}" is not an environment name`);
  }
}

/**
 * Runs requests in GitHub Actions. A request becomes a branch
 * `tfpilot/<id>` with its module call and a pull request; each operation
 * dispatches one of the tfpilot-* workflows and returns at once. Results
 * arrive through `workflow_run` webhooks, or the reconciler when a webhook is
 * lost, and the pull request gets one comment showing the latest plan.
 */
export class GithubExecutor implements TfpilotExecutor {
  readonly type = 'github';
  readonly #config: GithubExecutorConfig;
  readonly #clients: GithubClientFactory;
  readonly #store: GithubExecutorStore;
  readonly #logger: LoggerService;
  readonly #appBaseUrl?: string;
  readonly #webhooks: WebhookHandler;
  readonly #reconciler: Reconciler;
  readonly #publishing = new KeyedQueue();

  constructor(options: GithubExecutorOptions) {
    this.#config = options.config;
    this.#clients = options.clients;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#appBaseUrl = options.appBaseUrl?.replace(/\/+$/, '');
    const finisher = new RunFinisher({
      target: this.#target,
      store: options.store,
      logger: options.logger,
      maxArtifactBytes: options.maxArtifactBytes,
    });
    this.#webhooks = new WebhookHandler({
      config: options.config,
      clients: options.clients,
      store: options.store,
      finisher,
    });
    this.#reconciler = new Reconciler({
      repository: this.#repo,
      minAgeSeconds: options.config.reconcile.minAgeSeconds,
      clients: options.clients,
      finisher,
      logger: options.logger,
      now: options.now,
    });
  }

  /**
   * Builds the executor from app-config: `tfpilot.executor.github`, the
   * matching `integrations.github` entry and `app.baseUrl`. Migrates its
   * tables in the plugin's database. Throws naming the key at fault.
   */
  static async fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      database: DatabaseService;
      client?: GithubClientOptions;
      maxArtifactBytes?: number;
      now?: () => number;
    },
  ): Promise<GithubExecutor> {
    const executorConfig = readGithubExecutorConfig(config);
    const clients = GithubClientFactory.fromConfig(config, {
      ...executorConfig,
      logger: options.logger,
      client: options.client,
    });
    const store = await GithubExecutorStore.create({
      database: options.database,
    });
    return new GithubExecutor({
      config: executorConfig,
      clients,
      store,
      logger: options.logger,
      appBaseUrl: config.getOptionalString('app.baseUrl'),
      maxArtifactBytes: options.maxArtifactBytes,
      now: options.now,
    });
  }

  /** `owner/repo` of the infrastructure repository. */
  get repository(): string {
    return `${this.#config.owner}/${this.#config.repo}`;
  }

  get #target(): RepositoryTarget {
    const { owner, repo, baseBranch } = this.#config;
    return { owner, repo, baseBranch };
  }

  get #repo() {
    return { owner: this.#config.owner, repo: this.#config.repo };
  }

  /**
   * Commits the request's module call on its branch, opens (or reuses) its
   * pull request and dispatches the plan workflow on the branch. First plan:
   * 5 calls; a re-plan of an unchanged request commits nothing.
   */
  async plan(input: ExecutorRunInput): Promise<ExecutorRunHandle> {
    checkRequest(input);
    // Refuses reserved input names before anything reaches GitHub.
    const content = requestMainTf(this.#config, input);
    const octokit = await this.#clients.create();
    const branch = requestBranch(input.requestId);
    const { created } = await ensureBranch(octokit, this.#target, branch);
    const label = `${input.module.name}@${input.module.version} in ${input.environment}`;
    await writeFileIfChanged(octokit, this.#target, {
      branch,
      path: mainTfPath(input.environment, input.requestId),
      content,
      message: `tfpilot: ${label} (request ${input.requestId})`,
      branchIsNew: created,
    });
    const pullRequest = await ensurePullRequest(octokit, this.#target, {
      branch,
      title: `tfpilot: ${label} (${input.requestId})`,
      body: this.#pullRequestBody(input),
      known: input.pullRequest,
      branchIsNew: created,
    });
    await this.#store.savePullRequest(input.requestId, pullRequest);
    const handle = await this.#dispatch(
      octokit,
      'plan',
      input.requestId,
      planDispatch(this.#config, input),
    );
    return { ...handle, pullRequest };
  }

  /** Dispatches the apply workflow with the run id of the approved plan (1 call). */
  async apply(input: ExecutorRunInput): Promise<ExecutorRunHandle> {
    checkRequest(input);
    const dispatch = applyDispatch(this.#config, input);
    if (input.pullRequest) {
      await this.#store.savePullRequest(input.requestId, input.pullRequest);
    }
    const pullRequest =
      input.pullRequest ?? (await this.#store.getPullRequest(input.requestId));
    const octokit = await this.#clients.create();
    const handle = await this.#dispatch(
      octokit,
      'apply',
      input.requestId,
      dispatch,
    );
    return { ...handle, ...(pullRequest ? { pullRequest } : {}) };
  }

  /** Dispatches the destroy workflow on the base branch (1 call). */
  async destroy(input: ExecutorRunInput): Promise<ExecutorRunHandle> {
    checkRequest(input);
    const octokit = await this.#clients.create();
    return this.#dispatch(
      octokit,
      'destroy',
      input.requestId,
      destroyDispatch(this.#config, input),
    );
  }

  /** Most requests one drift run checks; the engine splits larger sets. */
  readonly maxDriftBatchSize = MAX_DRIFT_BATCH;

  /** Every request's code is in the one configured repository: one key. */
  driftBatchKey(): string {
    return this.repository;
  }

  /** A drift check of one request: a batch of one. */
  async driftCheck(input: ExecutorRunInput): Promise<ExecutorRunHandle> {
    checkRequest(input);
    const { runId, url } = await this.#dispatchDrift(input.environment, [
      input.requestId,
    ]);
    return { runId, ...(url ? { url } : {}) };
  }

  /**
   * One drift run for up to {@link MAX_DRIFT_BATCH} applied requests of an
   * environment (the drift sweep's unit: one run per repository and
   * environment). Every request of the batch gets a driftCheck result under
   * the returned run id.
   */
  async driftCheckBatch(
    environment: string,
    inputs: readonly ExecutorRunInput[],
  ): Promise<DriftBatchHandle> {
    const stranger = inputs.find(input => input.environment !== environment);
    if (stranger) {
      throw new InputError(
        `Request ${stranger.requestId} is in ${stranger.environment}, not in the batch's environment ${environment}`,
      );
    }
    return this.#dispatchDrift(
      environment,
      inputs.map(input => input.requestId),
    );
  }

  async #dispatchDrift(
    environment: string,
    requestIds: readonly string[],
  ): Promise<DriftBatchHandle> {
    const ids = [...new Set(requestIds)];
    for (const requestId of ids) {
      checkRequest({ requestId, environment });
    }
    const batchId = newBatchId();
    const dispatch = driftDispatch(this.#config, {
      environment,
      requestIds: ids,
      batchId,
    });
    // Stored first: the run's webhook may arrive before the dispatch answers.
    await this.#store.saveDriftBatch(batchId, { environment, requestIds: ids });
    const octokit = await this.#clients.create();
    const handle = await this.#dispatch(
      octokit,
      'driftCheck',
      `${ids.length} request(s) of ${environment} (batch ${batchId})`,
      dispatch,
    );
    return { ...handle, batchId };
  }

  /**
   * Closes the pull request and deletes the branch (gone already is fine),
   * then dispatches the cleanup workflow on the base branch (3 calls).
   */
  async cleanup(input: ExecutorRunInput): Promise<ExecutorRunHandle> {
    checkRequest(input);
    const pullRequest =
      input.pullRequest ?? (await this.#store.getPullRequest(input.requestId));
    const octokit = await this.#clients.create();
    if (pullRequest) {
      await closePullRequest(octokit, this.#target, pullRequest.number);
    }
    await deleteBranch(octokit, this.#target, requestBranch(input.requestId));
    const handle = await this.#dispatch(
      octokit,
      'cleanup',
      input.requestId,
      cleanupDispatch(this.#config, input),
    );
    await this.#store.forgetRequest(input.requestId);
    return handle;
  }

  /** Creates or updates the plan comment on the request's pull request (1 call). */
  async publish(request: TfRequest): Promise<void> {
    if (!request.pullRequest || !request.plan) {
      return;
    }
    await this.#publishing.run(request.id, async () => {
      const octokit = await this.#clients.create();
      const done = await publishComment({
        octokit,
        repository: this.#repo,
        store: this.#store,
        request,
      });
      this.#logger.debug(
        `Plan comment of request ${request.id} on pull request #${request.pullRequest?.number} ${done}`,
      );
    });
  }

  /**
   * Handles a delivery to /api/tfpilot/webhooks/github: see WebhookHandler.
   * Throws AuthenticationError for a missing or forged signature, InputError
   * for a malformed body.
   */
  handleWebhook(
    delivery: ExecutorWebhookDelivery,
    events: RunEventSink,
  ): Promise<ExecutorWebhookOutcome> {
    return this.#webhooks.handle(delivery, events);
  }

  /** Finishes runs whose webhook never came: see Reconciler. */
  reconcile(runs: readonly InFlightRun[], events: RunEventSink): Promise<void> {
    return this.#reconciler.reconcile(runs, events);
  }

  async #dispatch(
    octokit: GithubOctokit,
    operation: ExecutorOperation,
    subject: string,
    dispatch: WorkflowDispatch,
  ): Promise<ExecutorRunHandle> {
    const run = await dispatchWorkflow(octokit, this.#repo, dispatch);
    const runId = runIdOf(run.workflowRunId);
    this.#logger.info(
      `Dispatched GitHub ${operation} run ${run.workflowRunId} for ${subject}`,
    );
    return { runId, ...(run.htmlUrl ? { url: run.htmlUrl } : {}) };
  }

  #pullRequestBody(input: ExecutorRunInput): string {
    const request = this.#appBaseUrl
      ? `[\`${input.requestId}\`](${this.#appBaseUrl}/tfpilot/requests/${
          input.requestId
        })`
      : `\`${input.requestId}\``;
    return [
      `Opened by TfPilot for request ${request}: module \`${input.module.name}@${input.module.version}\` in \`${input.environment}\`.`,
      '',
      `The module call is in \`${mainTfPath(
        input.environment,
        input.requestId,
      )}\`. Plans and applies run through TfPilot: the plan appears as a comment below, approval happens in Backstage, and TfPilot merges this pull request when the apply succeeds.`,
    ].join('\n');
  }
}
