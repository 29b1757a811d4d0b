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

  /**
   * Runs `task` holding the lock of every key. Keys are taken in sorted
   * order, so two callers locking overlapping sets cannot deadlock.
   */
  runAll<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const hold = (i: number): Promise<T> =>
      i === sorted.length ? task() : this.run(sorted[i], () => hold(i + 1));
    return hold(0);
  }
}
