import { ConflictError } from '@backstage/errors';
import { TfpilotExecutor } from '@tfpilot/backstage-plugin-tfpilot-node';

/** Executors contributed through the extension point, by type. */
export class ExecutorRegistry {
  readonly #executors = new Map<string, TfpilotExecutor>();

  add(executor: TfpilotExecutor): void {
    if (this.#executors.has(executor.type)) {
      throw new ConflictError(
        `An executor of type "${executor.type}" is already registered`,
      );
    }
    this.#executors.set(executor.type, executor);
  }

  get(type: string): TfpilotExecutor | undefined {
    return this.#executors.get(type);
  }

  types(): string[] {
    return [...this.#executors.keys()].sort();
  }
}
