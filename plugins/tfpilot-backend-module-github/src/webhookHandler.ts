import {
  ExecutorWebhookDelivery,
  ExecutorWebhookOutcome,
  RunEventSink,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { GithubExecutorConfig } from './config';
import { GithubExecutorStore } from './database/GithubExecutorStore';
import { GithubClientFactory } from './github/client';
import { runIdOf } from './names';
import { RunFinisher } from './runFinisher';
import { parseRunTitle, RunTitle } from './runTitle';
import { parseWebhookEvent } from './webhookEvent';
import { verifyWebhookSignature } from './webhookSignature';
import { WorkflowRunInfo } from './workflowRun';

const ignored = (message: string): ExecutorWebhookOutcome => ({
  status: 'ignored',
  message,
});

/** The workflow file name of a path such as `.github/workflows/x.yml@refs/heads/main`. */
function workflowFileOf(path: string): string {
  return path.split('@', 1)[0].split('/').pop() ?? path;
}

/**
 * Turns GitHub webhook deliveries into run results. The signature is checked
 * before the body is read; only completed workflow runs of the repository,
 * named like TfPilot runs and from the configured workflows, lead anywhere;
 * and a run the engine no longer waits for (redelivery, out of order) costs
 * no GitHub call.
 */
export class WebhookHandler {
  readonly #config: GithubExecutorConfig;
  readonly #clients: GithubClientFactory;
  readonly #store: GithubExecutorStore;
  readonly #finisher: RunFinisher;

  constructor(options: {
    config: GithubExecutorConfig;
    clients: GithubClientFactory;
    store: GithubExecutorStore;
    finisher: RunFinisher;
  }) {
    this.#config = options.config;
    this.#clients = options.clients;
    this.#store = options.store;
    this.#finisher = options.finisher;
  }

  async handle(
    delivery: ExecutorWebhookDelivery,
    events: RunEventSink,
  ): Promise<ExecutorWebhookOutcome> {
    verifyWebhookSignature(
      this.#config.webhookSecret,
      delivery.headers,
      delivery.body,
    );
    const event = parseWebhookEvent(
      delivery.headers['x-github-event'],
      delivery.body,
    );
    if (event.kind === 'ping') {
      return { status: 'processed', message: 'pong' };
    }
    if (event.kind === 'other') {
      const what = event.action
        ? `${event.event} ${event.action}`
        : event.event;
      return ignored(
        event.event === 'workflow_job'
          ? `${what}: progress; results come with workflow_run completed`
          : `${what}: not an event TfPilot uses`,
      );
    }
    if (event.action !== 'completed') {
      return ignored(
        `workflow_run ${event.action}: progress, results come when it is completed`,
      );
    }
    return this.#onCompletedRun(event.run, events);
  }

  async #onCompletedRun(
    run: WorkflowRunInfo,
    events: RunEventSink,
  ): Promise<ExecutorWebhookOutcome> {
    const repository = `${this.#config.owner}/${this.#config.repo}`;
    if (run.repository?.toLowerCase() !== repository.toLowerCase()) {
      return ignored(`run ${run.id} belongs to another repository`);
    }
    const title = parseRunTitle(run.title);
    if (!title) {
      return ignored(`run ${run.id} is not a TfPilot run`);
    }
    if (!this.#fromConfiguredWorkflow(run, title)) {
      return ignored(
        `run ${run.id} is named like a TfPilot run but comes from another workflow`,
      );
    }
    if (title.operation === 'drift') {
      return this.#onDriftRun(run, title, events);
    }
    const status = await events.runStatus(title.requestId, runIdOf(run.id));
    if (status !== 'running') {
      return ignored(
        status === 'finished'
          ? `run ${run.id} was already recorded`
          : `run ${run.id} is not one TfPilot waits for`,
      );
    }
    await this.#finisher.finishRequestRun(
      await this.#clients.create(),
      run,
      title.operation,
      title.requestId,
      events,
    );
    return {
      status: 'processed',
      message: `${title.operation} run ${run.id} of request ${title.requestId} recorded`,
    };
  }

  /** A drift run names only its batch: the stored batch says which requests it checked. */
  async #onDriftRun(
    run: WorkflowRunInfo,
    title: Extract<RunTitle, { operation: 'drift' }>,
    events: RunEventSink,
  ): Promise<ExecutorWebhookOutcome> {
    const batch = await this.#store.getDriftBatch(title.batchId);
    if (!batch || batch.environment !== title.environment) {
      return ignored(`drift batch ${title.batchId} is unknown`);
    }
    const waiting: string[] = [];
    for (const requestId of batch.requestIds) {
      if ((await events.runStatus(requestId, runIdOf(run.id))) === 'running') {
        waiting.push(requestId);
      }
    }
    if (waiting.length === 0) {
      return ignored(`drift run ${run.id} was already recorded`);
    }
    await this.#finisher.finishDriftRun(
      await this.#clients.create(),
      run,
      waiting,
      events,
    );
    return {
      status: 'processed',
      message: `drift run ${run.id} recorded for ${waiting.length} request(s)`,
    };
  }

  /** A run name alone proves little: the run must come from the configured workflow. */
  #fromConfiguredWorkflow(run: WorkflowRunInfo, title: RunTitle): boolean {
    return (
      run.path === undefined ||
      workflowFileOf(run.path) === this.#config.workflows[title.operation]
    );
  }
}
