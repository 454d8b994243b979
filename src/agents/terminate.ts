import { killGroup, KILL_GRACE_MS } from './kill-tree.js';
import { setLongTimeout, type LongTimer } from './timers.js';

export type StopReason = 'timeout' | 'stall' | 'abort';

/**
 * When orch ends a process: its timeout, its stall limit (refreshed by output), the run's abort
 * signal. Ending it means SIGTERM to the group, then SIGKILL after the grace. Timers hold any delay
 * and start when the process does.
 */
export class Terminator {
  stoppedFor: StopReason | undefined;
  private pid: number | undefined;
  private exited = false;
  private timeout: LongTimer | undefined;
  private stall: LongTimer | undefined;
  private kill: NodeJS.Timeout | undefined;
  private readonly onAbort = () => this.stop('abort');

  constructor(private readonly timeoutMs: number, private readonly stallMs: number, private readonly signal: AbortSignal) {
    if (signal.aborted) this.onAbort();
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The group exists now: its clocks start (a launch may wait for the spawner); a stop that came first is carried out. */
  spawned(pid: number): void {
    this.pid = pid;
    if (this.stoppedFor) return this.signalGroup();
    this.timeout = setLongTimeout(() => this.stop('timeout'), this.timeoutMs);
    this.stall = setLongTimeout(() => this.stop('stall'), this.stallMs);
  }

  activity(): void {
    this.stall?.refresh();
  }

  exit(): void {
    this.exited = true;
  }

  stop(why: StopReason): void {
    if (this.stoppedFor || this.exited) return;
    this.stoppedFor = why;
    if (this.pid !== undefined) this.signalGroup();
  }

  dispose(): void {
    this.timeout?.clear();
    this.stall?.clear();
    clearTimeout(this.kill);
    this.signal.removeEventListener('abort', this.onAbort);
  }

  private signalGroup(): void {
    const pid = this.pid!;
    killGroup(pid, 'SIGTERM');
    this.kill = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
  }
}
