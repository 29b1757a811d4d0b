import {
  RunEventSink,
  RunResult,
} from '@tfpilot/backstage-plugin-tfpilot-node';

/**
 * A RunEventSink standing in for the engine: it waits for the runs a test
 * says it started, records each result once, and answers runStatus as the
 * engine would.
 */
export class RecordingRunEvents implements RunEventSink {
  readonly finished: RunResult[] = [];
  readonly statusQueries: Array<{ requestId: string; runId: string }> = [];
  readonly #running = new Set<string>();

  /** The engine starts waiting for a run of a request. */
  expect(requestId: string, runId: string): void {
    this.#running.add(`${requestId}/${runId}`);
  }

  async runFinished(result: RunResult): Promise<void> {
    const key = `${result.requestId}/${result.runId}`;
    if (this.#running.delete(key)) {
      this.finished.push(result);
    }
  }

  async runStatus(
    requestId: string,
    runId: string,
  ): Promise<'running' | 'finished' | 'unknown'> {
    this.statusQueries.push({ requestId, runId });
    const key = `${requestId}/${runId}`;
    if (this.#running.has(key)) {
      return 'running';
    }
    return this.finished.some(r => `${r.requestId}/${r.runId}` === key)
      ? 'finished'
      : 'unknown';
  }
}
