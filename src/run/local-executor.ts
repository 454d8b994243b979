import { adapterFor } from '../agents/registry.js';
import { killGroup } from '../agents/process.js';
import type { Config } from '../config/config.js';
import type { LogEvent } from '../state/events.js';
import type { Layout } from '../state/layout.js';
import { processStartTime } from '../state/proc.js';
import { runAttempt, type AttemptContext } from './attempt.js';
import type { AttemptEnd, AttemptSpec, Executor, ExecutorEvents, StopReason } from './executor.js';

/** Where the local executor runs a card's attempt: the project root, unless a workspace says otherwise. */
export type WorkdirOf = (spec: AttemptSpec) => string | undefined;

/** Runs attempts on this machine, each agent in its own process group (see agents/process.ts). */
export class LocalExecutor implements Executor {
  private readonly live = new Map<string, { controller: AbortController; pids: number[] }>();

  constructor(
    private readonly layout: Layout,
    private readonly config: Config,
    private readonly events: ExecutorEvents,
    private readonly workdirOf: WorkdirOf = () => undefined,
  ) {}

  start(spec: AttemptSpec): void {
    const { card, attempt } = spec;
    const controller = new AbortController();
    const entry = { controller, pids: [] as number[] };
    this.live.set(card.id, entry);
    const context: AttemptContext = {
      layout: this.layout, config: this.config, card, agent: spec.agent, adapter: adapterFor(spec.agent.use), attempt,
      deps: spec.deps, signal: controller.signal, now: Date.now,
      onSpawn: (pid: number) => {
        entry.pids.push(pid);
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

  kill(): void {
    for (const { pids } of this.live.values()) for (const pid of pids) killGroup(pid, 'SIGKILL');
  }

  async close(): Promise<void> {}
}
