/**
 * Operations on the same key (a worktree's path) one after another, in the order they were added;
 * operations on different keys at once. git takes its own locks per worktree and per ref, so
 * `worktree add`, `move` and `remove` of different worktrees may run side by side.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly running = new Set<Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(task, task);
    const settled = result.then(() => undefined, () => undefined);
    this.tails.set(key, settled);
    this.running.add(settled);
    void settled.then(() => {
      this.running.delete(settled);
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once every operation added so far (and any they added) has settled. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}
