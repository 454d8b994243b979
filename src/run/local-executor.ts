import PQueue from 'p-queue';
import { attemptMark } from '../agents/mark.js';
import { killLive } from '../agents/process.js';
import { adapterFor } from '../agents/registry.js';
import type { Config } from '../config/config.js';
import type { LogEvent } from '../state/events.js';
import type { Layout } from '../state/layout.js';
import { processStartTime } from '../state/proc.js';
import { runAttempt, type AttemptContext } from './attempt.js';
import type { AttemptEnd, AttemptSpec, Executor, ExecutorEvents, StopReason } from './executor.js';
import { stopMarkedOrphans } from './orphans.js';

/** Where the local executor runs a card's attempt: the project root, unless a workspace says otherwise. */
export type WorkdirOf = (spec: AttemptSpec) => string | undefined;

/**
 * Runs attempts on this machine, each agent in its own process group and carrying its attempt's
 * mark (see agents/process.ts, agents/mark.ts); `verify` commands share one queue with their own limit.
 */
export class LocalExecutor implements Executor {
  private readonly live = new Map<string, { controller: AbortController }>();
  private readonly verifyQueue: PQueue;
  private run: string | undefined;

  constructor(
    private readonly layout: Layout,
    private readonly config: Config,
    private readonly events: ExecutorEvents,
    private readonly workdirOf: WorkdirOf = () => undefined,
  ) {
    const limit = config.concurrency;
    this.verifyQueue = new PQueue({ concurrency: Math.max(1, limit || 1) });
  }

  start(spec: AttemptSpec): void {
    const { card, attempt } = spec;
    if (this.run === undefined) {
      this.run = spec.run;
      // before this run's first process: whatever a dead run of this project left carrying its mark
      stopMarkedOrphans(this.layout.dir);
    }
    const controller = new AbortController();
    this.live.set(card.id, { controller });
    const context: AttemptContext = {
      layout: this.layout, config: this.config, card, agent: spec.agent, adapter: adapterFor(spec.agent.use), attempt,
      deps: spec.deps, signal: controller.signal, now: Date.now, mark: attemptMark(spec.run, card.id, attempt), verifyQueue: this.verifyQueue,
      onSpawn: (pid: number) => {
        const event: LogEvent = { type: 'spawned', t: Date.now(), run: spec.run, card: card.id, attempt, pid };
        const start = processStartTime(pid);
        if (start) event.pidStart = start;
        this.events.record(event);
      },
    };
    const cwd = this.workdirOf(spec);
    if (cwd) context.cwd = cwd;
    if (spec.failure) context.failure = spec.failure;
    if (spec.depsEnded) context.depsEnded = spec.depsEnded;
    runAttempt(context)
      .catch((error: unknown): AttemptEnd => ({
        outcome: { ok: false, errorKind: 'crash', message: `orch could not run the attempt: ${(error as Error).message}`, durationMs: 0 },
      }))
      .then((end) => {
        this.live.delete(card.id);
        this.events.ended(card.id, attempt, end);
      });
  }

  stop(card: string, _reason: StopReason): void {
    this.live.get(card)?.controller.abort();
  }

  /** A second Ctrl-C: SIGKILL this run's live process groups and everything carrying its marks, nothing else. */
  kill(): void {
    if (this.run !== undefined) killLive(this.run);
  }

  async close(): Promise<void> {
    await this.verifyQueue.onIdle();
  }
}
