import {
  ExecutorRunInput,
  TfpilotExecutor,
} from '@tfpilot/backstage-plugin-tfpilot-node';

/**
 * Largest batch when the executor names none. Starting a batch holds the
 * lock of each of its requests until every one is recorded, so batches
 * stay bounded even when one run could take more.
 */
export const DEFAULT_DRIFT_BATCH_SIZE = 200;

/** What an executor says about sharing drift runs. */
export type DriftBatching = Pick<
  TfpilotExecutor,
  'maxDriftBatchSize' | 'driftBatchKey'
>;

/** Requests checked together: one environment and one executor key. */
export interface DriftBatch {
  environment: string;
  /** The executor's key (e.g. its repository), when it gives one. */
  key?: string;
  requestIds: string[];
}

function batchSizeOf(batching: DriftBatching): number {
  const size = batching.maxDriftBatchSize;
  return size !== undefined && Number.isInteger(size) && size > 0
    ? size
    : DEFAULT_DRIFT_BATCH_SIZE;
}

/** Splits `ids` into the fewest chunks of at most `size`, as even as can be. */
function chunk(ids: readonly string[], size: number): string[][] {
  const count = Math.ceil(ids.length / size);
  const chunks: string[][] = [];
  for (let i = 0, start = 0; i < count; i++) {
    const end = start + Math.ceil((ids.length - start) / (count - i));
    chunks.push(ids.slice(start, end));
    start = end;
  }
  return chunks;
}

/**
 * Groups requests into drift batches: per environment, per executor key,
 * at most the executor's batch size each. Only ids and keys are kept, so a
 * sweep over every applied request holds little per request.
 */
export class DriftBatchPlanner {
  readonly #batching: DriftBatching;
  readonly #groups = new Map<string, DriftBatch>();

  constructor(batching: DriftBatching) {
    this.#batching = batching;
  }

  add(input: ExecutorRunInput): void {
    const key = this.#batching.driftBatchKey?.(input);
    const group = JSON.stringify([input.environment, key ?? null]);
    const found = this.#groups.get(group);
    if (found) {
      found.requestIds.push(input.requestId);
      return;
    }
    this.#groups.set(group, {
      environment: input.environment,
      ...(key !== undefined ? { key } : {}),
      requestIds: [input.requestId],
    });
  }

  /** The batches, by environment then key, each request once. */
  batches(): DriftBatch[] {
    const size = batchSizeOf(this.#batching);
    return [...this.#groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([, group]) =>
        chunk([...new Set(group.requestIds)], size).map(requestIds => ({
          ...group,
          requestIds,
        })),
      );
  }
}
