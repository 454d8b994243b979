import { processesWithVarAsync } from '../state/proc.js';
import { killGroup, killMarked } from './kill-tree.js';
import { MARK_VAR, markUnder } from './mark.js';

/**
 * After a process closes, whatever still carries its mark (a daemon started with setsid, a
 * double fork) is killed. A /proc scan is costly (one file per process on the machine), so scans
 * are asynchronous (spawning goes on meanwhile), one at a time, at most every `intervalMs`, and
 * each serves every mark that ended since the last.
 */
export class MarkSweeper {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private scanning = false;
  private last = 0;

  constructor(private readonly intervalMs = 1000) {}

  /** The process led group `pid` and carried `mark`: end what is left of both. */
  ended(pid: number | undefined, mark: string): void {
    if (pid !== undefined) killGroup(pid, 'SIGKILL');
    this.pending.add(mark);
    this.schedule();
  }

  /** Sweep every pending mark now, synchronously (the spawner is about to exit). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    killMarked([...this.pending]);
    this.pending.clear();
  }

  private schedule(): void {
    if (this.timer || this.scanning || !this.pending.size) return;
    this.timer = setTimeout(() => void this.scan(), Math.max(0, this.last + this.intervalMs - Date.now()));
    this.timer.unref();
  }

  private async scan(): Promise<void> {
    this.timer = undefined;
    this.scanning = true;
    const marks = [...this.pending];
    this.pending.clear();
    try {
      for (const { pid, mark } of await processesWithVarAsync(MARK_VAR)) {
        if (!marks.some((m) => markUnder(mark, m))) continue;
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
    } finally {
      this.scanning = false;
      this.last = Date.now();
      this.schedule();
    }
  }
}
