import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  ExecutorOperation,
  ExecutorRunHandle,
  ExecutorRunInput,
  RunEventSink,
  TfpilotExecutor,
  tfpilotExecutorsExtensionPoint,
} from '@tfpilot/backstage-plugin-tfpilot-node';

interface StartedRun {
  runId: string;
  requestId: string;
  operation: ExecutorOperation;
  events: RunEventSink;
}

/**
 * Stands in for GitHub Actions: starting a run only records it, and the test
 * decides when and how it ends. Registered on the real TfPilot backend
 * through its executors extension point.
 */
export class TestExecutor implements TfpilotExecutor {
  readonly type = 'test';
  readonly #runs: StartedRun[] = [];

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

  static runUrl(runId: string): string {
    return `https://ci.example/runs/${runId}`;
  }

  /** The id of the request's latest run of `operation`. */
  latestRunId(requestId: string, operation: ExecutorOperation): string {
    return this.#latest(requestId, operation).runId;
  }

  /** Ends the request's latest run of `operation`, as its webhook would. */
  async finish(
    requestId: string,
    operation: ExecutorOperation,
    status: 'succeeded' | 'failed',
    message?: string,
  ): Promise<void> {
    const run = this.#latest(requestId, operation);
    const state = await run.events.runStatus(requestId, run.runId);
    if (state !== 'running') {
      throw new Error(`Run ${run.runId} is ${state}, not running`);
    }
    await run.events.runFinished({
      requestId,
      runId: run.runId,
      operation,
      status,
      finishedAt: new Date().toISOString(),
      url: TestExecutor.runUrl(run.runId),
      ...(message ? { message } : {}),
    });
  }

  #latest(requestId: string, operation: ExecutorOperation): StartedRun {
    const run = [...this.#runs]
      .reverse()
      .find(r => r.requestId === requestId && r.operation === operation);
    if (!run) {
      throw new Error(`No ${operation} run was started for ${requestId}`);
    }
    return run;
  }

  async #start(
    operation: ExecutorOperation,
    input: ExecutorRunInput,
    events: RunEventSink,
  ): Promise<ExecutorRunHandle> {
    const runId = `${operation}-${this.#runs.length + 1}`;
    this.#runs.push({ runId, requestId: input.requestId, operation, events });
    return { runId, url: TestExecutor.runUrl(runId) };
  }

  module() {
    return createBackendModule({
      pluginId: 'tfpilot',
      moduleId: 'test-executor',
      register: env => {
        env.registerInit({
          deps: { executors: tfpilotExecutorsExtensionPoint },
          init: async ({ executors }) => executors.addExecutor(this),
        });
      },
    });
  }
}
