/**
 * Run `task` at most once per interval however often `request` is called. The interval adapts to the
 * task's own cost (`costFactor` times its last duration, at least `minMs`), so a slow rewrite of a
 * huge table is done rarely and its total cost stays a small fraction of the run.
 */
export class Coalescer {
  private timer: NodeJS.Timeout | undefined;
  private lastRun = 0;
  private lastCost = 0;

  constructor(
    private readonly task: () => void,
    private readonly minMs: number,
    /** The interval is at least this many times the task's last duration. */
    private readonly costFactor = 10,
    private readonly now: () => number = Date.now,
  ) {}

  request(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastRun + Math.max(this.minMs, this.lastCost * this.costFactor) - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref?.();
  }

  /** Run now if a run was requested (or `force`). */
  flush(force = false): void {
    if (!this.timer && !force) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const start = this.now();
    this.task();
    this.lastRun = this.now();
    this.lastCost = this.lastRun - start;
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
