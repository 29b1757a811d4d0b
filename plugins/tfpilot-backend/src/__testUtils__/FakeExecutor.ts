import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  ExecutorOperation,
  ExecutorRunInput,
  ExecutorWebhookDelivery,
  ExecutorWebhookOutcome,
  RunEventSink,
  RunResult,
  TfpilotExecutor,
  tfpilotExecutorsExtensionPoint,
} from '@tfpilot/backstage-plugin-tfpilot-node';

/** A run the fake executor was asked for, and the way to finish it. */
export interface FakeRun {
  runId: string;
  operation: ExecutorOperation;
  input: ExecutorRunInput;
  finish(
    status: RunResult['status'],
    extra?: Partial<
      Omit<RunResult, 'runId' | 'requestId' | 'operation' | 'status'>
    >,
  ): Promise<void>;
}

/**
 * An executor whose runs end when the test says so, registered through the
 * real extension point. Stands in for GitHub Actions or a Terraform binary.
 */
export class FakeExecutor implements TfpilotExecutor {
  /** The `x-fake-signature` header value its webhook accepts. */
  static readonly WEBHOOK_SIGNATURE = 'fake-signature';
  readonly type = 'fake';
  /** Requests handed to `publish`, in order. */
  readonly published: TfRequest[] = [];
  readonly runs: FakeRun[] = [];
  failToStart?: string;
  #counter = 0;

  plan = (input: ExecutorRunInput, events: RunEventSink) =>
    this.#start('plan', input, events);
  apply = (input: ExecutorRunInput, events: RunEventSink) =>
    this.#start('apply', input, events);
  destroy = (input: ExecutorRunInput, events: RunEventSink) =>
    this.#start('destroy', input, events);
  driftCheck = (input: ExecutorRunInput, events: RunEventSink) =>
    this.#start('driftCheck', input, events);
  cleanup = (input: ExecutorRunInput, events: RunEventSink) =>
    this.#start('cleanup', input, events);

  /** Present once {@link FakeExecutor.batchDriftChecks} was called. */
  driftCheckBatch?: TfpilotExecutor['driftCheckBatch'];
  maxDriftBatchSize?: number;
  /** Drift batches started, in order. */
  readonly driftBatches: {
    runId: string;
    environment: string;
    requestIds: string[];
  }[] = [];

  /**
   * Checks drift in batches from now on: one run per `driftCheckBatch`
   * call, with one {@link FakeRun} per request sharing its run id.
   */
  batchDriftChecks(maxDriftBatchSize?: number): this {
    this.maxDriftBatchSize = maxDriftBatchSize;
    this.driftCheckBatch = async (environment, inputs, events) => {
      if (this.failToStart) throw new Error(this.failToStart);
      const runId = `fake-driftBatch-${++this.#counter}`;
      for (const input of inputs) {
        this.runs.push(this.#fakeRun(runId, 'driftCheck', input, events));
      }
      this.driftBatches.push({
        runId,
        environment,
        requestIds: inputs.map(i => i.requestId),
      });
      return { runId, url: `https://runs.example/${runId}` };
    };
    return this;
  }

  async publish(request: TfRequest): Promise<void> {
    this.published.push(request);
  }

  /** Body `{ requestId, runId, status? }` finishes that run, signed or refused. */
  async handleWebhook(
    delivery: ExecutorWebhookDelivery,
    events: RunEventSink,
  ): Promise<ExecutorWebhookOutcome> {
    if (
      delivery.headers['x-fake-signature'] !== FakeExecutor.WEBHOOK_SIGNATURE
    ) {
      throw new AuthenticationError('Missing or wrong x-fake-signature');
    }
    const body = JSON.parse(delivery.body.toString('utf8'));
    const run = this.runs.find(r => r.runId === body.runId);
    if (
      !run ||
      (await events.runStatus(body.requestId, run.runId)) !== 'running'
    ) {
      return { status: 'ignored', message: `run ${body.runId} is not running` };
    }
    await run.finish(body.status ?? 'succeeded');
    return { status: 'processed', message: `run ${run.runId} finished` };
  }

  lastRun(): FakeRun {
    const run = this.runs[this.runs.length - 1];
    if (!run) throw new Error('no run was started');
    return run;
  }

  async #start(
    operation: ExecutorOperation,
    input: ExecutorRunInput,
    events: RunEventSink,
  ) {
    if (this.failToStart) throw new Error(this.failToStart);
    const runId = `fake-${operation}-${++this.#counter}`;
    this.runs.push(this.#fakeRun(runId, operation, input, events));
    return { runId, url: `https://runs.example/${runId}` };
  }

  #fakeRun(
    runId: string,
    operation: ExecutorOperation,
    input: ExecutorRunInput,
    events: RunEventSink,
  ): FakeRun {
    return {
      runId,
      operation,
      input,
      finish: (status, extra = {}) =>
        events.runFinished({
          requestId: input.requestId,
          runId,
          operation,
          status,
          finishedAt: new Date().toISOString(),
          ...extra,
        }),
    };
  }

  module() {
    return createBackendModule({
      pluginId: 'tfpilot',
      moduleId: 'fake-executor',
      register: env => {
        env.registerInit({
          deps: { executors: tfpilotExecutorsExtensionPoint },
          init: async ({ executors }) => executors.addExecutor(this),
        });
      },
    });
  }
}
