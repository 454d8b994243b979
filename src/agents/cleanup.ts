import { killGroup, killMarked } from './kill-tree.js';

/**
 * After a process closes, whatever still carries its mark (a daemon started with setsid, a
 * double fork) is killed. /proc scans are batched: one scan serves every mark that ended meanwhile.
 */
export class MarkSweeper {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly delayMs = 20) {}

  /** The process led group `pid` and carried `mark`: end what is left of both. */
  ended(pid: number | undefined, mark: string): void {
    if (pid !== undefined) killGroup(pid, 'SIGKILL');
    this.pending.add(mark);
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const marks = [...this.pending];
    this.pending.clear();
    killMarked(marks);
  }
}
