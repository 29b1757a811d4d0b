/**
 * Runs tasks one at a time per key, in arrival order. Serialises work on one
 * request inside this process (an executor may report a run before the
 * transition that started it is stored); across processes the object store's
 * put-if-absent catches conflicting revisions.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
