import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { KILL_GRACE_MS } from '../agents/process.js';
import type { Heartbeat } from './heartbeat.js';
import { within } from './within.js';

/** How long a worker that is stopping waits for Redis to answer one call. */
const ANSWER_MS = 2_000;

/** The attempts a worker runs now: how to stop each, and when each has ended (worktree removed). */
export class RunningJobs {
  private readonly jobs = new Map<string, { controller: AbortController; ended: Promise<unknown> }>();

  track<T>(id: string, controller: AbortController, work: Promise<T>): Promise<T> {
    const ended = work.finally(() => this.jobs.delete(id));
    this.jobs.set(id, { controller, ended: ended.catch(() => {}) });
    return ended;
  }

  get size(): number {
    return this.jobs.size;
  }

  /** Ask every running attempt to stop its agent; how many there were. */
  stopAll(): number {
    for (const { controller } of this.jobs.values()) controller.abort();
    return this.jobs.size;
  }

  /** Resolves once none runs (jobs taken meanwhile included). */
  async ended(): Promise<void> {
    while (this.jobs.size) await Promise.all([...this.jobs.values()].map((j) => j.ended));
  }
}

/** How a worker stopped: the attempts it stopped rather than let finish, and whether Redis heard it leave. */
export interface Closed {
  stopped: number;
  told: boolean;
}

export interface WorkerParts {
  worker: Worker;
  control: Redis;
  heartbeat: Heartbeat;
  running: RunningJobs;
  /** Told once when the running attempts are let finish. */
  graceful: () => void;
}

/**
 * Stopping a worker, in bounded time whatever Redis does. Gracefully: it takes no more jobs and
 * its running attempts finish and report. Now (asked so, or Redis not answering, or lost while
 * waiting): BullMQ's worker is force-closed first, so nothing is reported, then the agents are
 * stopped; the jobs stay active in Redis until BullMQ's stalled-job check hands them to another
 * worker. Never waits on Redis for more than a couple of seconds a call.
 */
export class WorkerStop {
  private closing: Promise<Closed> | undefined;
  private hurry: (() => void) | undefined;
  private readonly hurried = new Promise<'now'>((resolve) => (this.hurry = () => resolve('now')));

  constructor(private readonly parts: WorkerParts) {}

  close(now = false): Promise<Closed> {
    if (now) this.hurry?.();
    return (this.closing ??= this.run(now));
  }

  private async run(now: boolean): Promise<Closed> {
    const { worker, control, running } = this.parts;
    control.once('close', () => this.hurry?.()); // Redis lost while the running attempts finish
    if (!now && control.status === 'ready' && (await within(ANSWER_MS, control.ping())).ok) {
      await within(ANSWER_MS, worker.pause(true));
      if (running.size) this.parts.graceful();
      if ((await Promise.race([running.ended().then(() => 'ended' as const), this.hurried])) === 'ended') {
        // the last reports are sent by the close
        const closed = await within(ANSWER_MS + 1_000, worker.close());
        return this.leave(0, closed.ok);
      }
    }
    // force-closed before the agents stop: an attempt that ends now is not reported as if it were over
    const closing = within(ANSWER_MS, worker.close(true));
    await closing;
    const stopped = running.stopAll();
    await within(KILL_GRACE_MS + 2_000, running.ended());
    return this.leave(stopped, (await closing).ok);
  }

  /** The heartbeat key removed (Redis told), every connection let go. */
  private async leave(stopped: number, closed: boolean): Promise<Closed> {
    const { worker, control, heartbeat } = this.parts;
    heartbeat.stop();
    const removed = control.status === 'ready' ? await within(ANSWER_MS, heartbeat.remove()) : { ok: false };
    if (!closed) await within(ANSWER_MS, worker.disconnect());
    control.removeAllListeners('close');
    control.disconnect();
    return { stopped, told: removed.ok && closed };
  }
}
