import os from 'node:os';
import { ControlInbox } from '../control/inbox.js';
import type { Graph } from '../graph/build.js';
import { createInputHasher } from '../inputs/hasher.js';
import type { Project } from '../project/load.js';
import type { RunView } from '../report/view.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { Effect, SchedulerInput } from '../scheduler/types.js';
import { EventLog, readEvents } from '../state/event-log.js';
import { EventLogError } from '../state/io-error.js';
import type { LogEvent } from '../state/events.js';
import type { Layout } from '../state/layout.js';
import type { AttemptEnd, Executor } from './executor.js';
import { LiveCards } from './live-cards.js';
import { createExecutor } from './create-executor.js';
import { remoteExecutorFor } from '../remote/backend.js';
import { OrchError } from '../errors.js';
import { collectIfGrown } from './heap-bound.js';
import { currentView, loadRenderers, writeReport, writeStatus } from './markdown-files.js';
import { Results } from './results.js';
import { resume } from './resume.js';
import type { RunOptions } from './runner.js';
import { onInterrupt } from './signals.js';
import { StatusWriter } from './status-writer.js';
import { WakeTimer } from './wake-timer.js';

/**
 * One run of a folder: feeds the scheduler what happens and carries out what it decides — records
 * first, then attempts through the Executor — until it finishes. Each concern around it (results,
 * live cards, controls, signals, status.md) is a module of its own.
 */
export class Run {
  private readonly layout: Layout;
  private readonly log: EventLog;
  private readonly events: LogEvent[];
  private readonly runId = `${Date.now().toString(36)}-${process.pid}`;
  private executor!: Executor;
  private readonly results: Results;
  private readonly status: StatusWriter;
  private readonly timer = new WakeTimer(() => this.input({ type: 'tick', now: Date.now() }));
  private readonly cards: LiveCards | undefined;
  private readonly inbox: ControlInbox;
  private scheduler!: Scheduler;
  private finish!: (code: number) => void;
  private interrupted = false;
  /** The event log could not be written: the run ends, exit 2, and records nothing more. */
  private fatal: EventLogError | undefined;

  constructor(private readonly project: Project, private graph: Graph, private readonly options: RunOptions) {
    this.layout = project.layout;
    this.events = readEvents(this.layout.events);
    this.log = new EventLog(this.layout.events, { records: () => this.events, notice: (line) => options.progress.notice(line) });
    this.results = new Results(this.layout);
    this.status = new StatusWriter(this.layout, () => this.view(true), options.progress.view);
    if (options.watch !== false) {
      this.cards = new LiveCards(this.layout, graph, options.only, ({ graph: next, rejected }) => {
        this.graph = next;
        for (const r of rejected) this.options.progress.notice(`orch: left out ${r.file}: ${r.message}`);
        this.input({ type: 'cards-changed', now: Date.now(), graph: next, rejected });
      });
    }
    this.inbox = new ControlInbox(this.layout.control, (request) => this.input({ type: 'control', now: Date.now(), action: request.action, card: request.card }));
  }

  async execute(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.finish = resolve));
    try {
      const events = { record: (event: LogEvent) => this.record(event), ended: (card: string, attempt: number, end: AttemptEnd) => this.ended(card, attempt, end) };
      const notice = (message: string) => this.options.progress.notice(message);
      this.executor = remoteExecutorFor(this.layout, this.project.config, { redis: this.options.redis, localToo: this.options.localToo,
        concurrency: this.options.concurrency ?? this.project.config.concurrency }, this.runId, this.events, events, notice)
        ?? await createExecutor(this.layout, this.project.config, events, { cards: [...this.graph.cards.values()], notice });
    } catch (error) {
      if (!(error instanceof OrchError)) throw error;
      this.options.progress.diagnostic(error.toDiagnostic());
      this.log.close();
      return 2;
    }
    const history = await resume(this.events, this.runId, (e) => this.record(e), (line) => this.options.progress.notice(line));
    const config = this.project.config;
    const concurrency = this.options.concurrency ?? config.concurrency;
    const inputs = createInputHasher(this.layout.root);
    this.scheduler = new Scheduler(this.graph, {
      run: this.runId, config, concurrency, failFast: this.options.failFast ?? false,
      previous: history.previous, existingResults: new Set(this.results.ids()), random: this.options.random ?? Math.random,
      approvals: history.approvals,
      inputsHash: (card) => inputs.digest(card), ...(this.options.force ? { force: this.options.force } : {}),
    });
    const started: LogEvent = { type: 'run-started', t: Date.now(), run: this.runId, pid: process.pid, host: os.hostname(), concurrency };
    if (config.goal) started.goal = config.goal;
    this.record(started);

    const stopListening = onInterrupt(() => this.interrupt(), () => this.executor.kill());
    if (!this.fatal) {
      this.input({ type: 'start', now: Date.now() });
      this.cards?.start();
      this.inbox.start();
    }
    setImmediate(() => void loadRenderers());
    const code = await done;
    inputs.save();
    await this.executor.close();
    stopListening();
    this.timer.cancel();
    this.cards?.close();
    this.inbox.close();
    this.status.close();
    this.options.progress.close();
    const view = this.view(false);
    await writeStatus(this.layout, view);
    collectIfGrown(); // the status table's garbage, before the report makes its own
    await writeReport(this.layout, view);
    try {
      this.log.close();
    } catch (error) {
      if (!(error instanceof EventLogError)) throw error;
      if (!this.fatal) this.options.progress.diagnostic(error.toDiagnostic());
      return 2;
    }
    return code;
  }

  private input(input: SchedulerInput): void {
    this.apply(this.scheduler.step(input));
    this.timer.at(this.scheduler.nextWakeAt());
  }

  private apply(effects: Effect[]): void {
    for (const effect of effects) {
      if (effect.type === 'record') this.record(effect.event);
      else if (effect.type === 'start') this.start(effect);
      else if (effect.type === 'stop') this.executor.stop(effect.card, effect.reason);
      else this.end(effect);
    }
  }

  private record(event: LogEvent): void {
    if (this.fatal) return;
    try {
      this.log.append(event);
    } catch (error) {
      if (!(error instanceof EventLogError)) throw error;
      this.fatal = error;
      this.options.progress.diagnostic(error.toDiagnostic());
      this.executor.kill();
      this.finish(2);
      return;
    }
    this.events.push(event);
    this.options.progress.event(event);
    this.status.request();
  }

  private start(effect: Extract<Effect, { type: 'start' }>): void {
    const { card, attempt } = effect;
    this.results.setAside(card.id);
    const spec = {
      run: this.runId, card, attempt, agentName: effect.agent, agent: this.project.config.agents[effect.agent]!,
      deps: this.results.depResults(effect.depResults, this.graph),
    };
    if (effect.failure) Object.assign(spec, { failure: effect.failure });
    if (effect.depsEnded) Object.assign(spec, { depsEnded: effect.depsEnded });
    this.executor.start(spec);
  }

  /** An attempt is over: its result goes into results/ first, then the scheduler hears of it. */
  private ended(card: string, attempt: number, end: AttemptEnd): void {
    const { outcome } = end;
    if (outcome.ok && end.resultFile) {
      try {
        this.results.moveIn(card, end.resultFile);
        // Crash tests: die between the result write and its event, the narrowest window there is.
        if (process.env.ORCH_TEST_CRASH === `after-result:${card}`) process.kill(process.pid, 'SIGKILL');
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        Object.assign(outcome, { ok: false, errorKind: 'io', message: `orch could not store the result: ${e.code ?? e.message}` });
      }
    }
    this.input({ type: 'attempt-ended', now: Date.now(), card, attempt, outcome });
  }

  /** The scheduler has nothing left to do; the run ends unless a card was written at the last moment. */
  private end(effect: Extract<Effect, { type: 'finish' }>): void {
    if (this.fatal) return;
    if (!this.interrupted && this.cards?.checkAtEnd()) return;
    this.record(effect.event);
    this.finish(effect.exitCode);
  }

  private interrupt(): void {
    this.interrupted = true;
    this.options.progress.notice('orch: stopping the running agents (Ctrl-C again to kill them at once)');
    this.input({ type: 'interrupt', now: Date.now() });
  }

  private view(running: boolean): RunView {
    return currentView(this.layout, this.events, this.graph, this.project.config, running);
  }
}
