import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  ExecutorOperation,
  ExecutorRunInput,
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
  readonly type = 'fake';
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
    this.runs.push({
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
    });
    return { runId, url: `https://runs.example/${runId}` };
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
