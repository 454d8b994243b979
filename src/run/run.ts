import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listCardFiles } from '../cards/read.js';
import type { Graph } from '../graph/build.js';
import type { Project } from '../project/load.js';
import type { RunView } from '../report/view.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { Effect, SchedulerInput } from '../scheduler/types.js';
import { EventLog, readEvents } from '../state/event-log.js';
import type { LogEvent } from '../state/events.js';
import { foldHistory } from '../state/history.js';
import { rel, resultPath, type Layout } from '../state/layout.js';
import { Coalescer } from '../util/coalesce.js';
import { CardWatcher } from '../watch/card-watcher.js';
import type { AttemptEnd, Executor } from './executor.js';
import { createExecutor } from './worktree-executor.js';
import { OrchError } from '../errors.js';
import { stopOrphans } from './orphans.js';
import { currentView, loadRenderers, writeReport, writeStatus, writeStatusNow } from './markdown-files.js';
import type { RunOptions } from './runner.js';
import { reloadGraph, sameGraph } from './reload.js';

/** One run of a folder: carries out the scheduler's effects (records, attempts, stops) until it finishes. */
export class Run {
  private readonly layout: Layout;
  private readonly log: EventLog;
  private readonly events: LogEvent[];
  private readonly runId = `${Date.now().toString(36)}-${process.pid}`;
  private executor!: Executor;
  private scheduler!: Scheduler;
  private watcher: CardWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly status: Coalescer;
  private readonly live: Coalescer | undefined;
  private finish!: (code: number) => void;
  private interrupted = 0;
  private readonly reported = new Set<string>();
  private cardsTouched = false;
  private readonly cardFiles: Set<string>;
  /** Ids whose results/<id>.md exists. */
  private results = new Set<string>();

  constructor(private readonly project: Project, private graph: Graph, private readonly options: RunOptions) {
    this.layout = project.layout;
    this.cardFiles = new Set(listCardFiles(this.layout.tasks));
    this.events = readEvents(this.layout.events);
    this.log = new EventLog(this.layout.events);
    // at most every half second, and using at most ~3% of the runner's time however big the table
    // (its garbage slows everything else too): a person reads it, not a program
    this.status = new Coalescer(() => {
      if (!writeStatusNow(this.layout, () => this.view(true))) void loadRenderers().then(() => this.status.request());
    }, 500, 30);
    const show = options.progress.view;
    if (show) this.live = new Coalescer(() => show(this.view(true)), 100);
  }

  async execute(): Promise<number> {
    try {
      this.executor = await createExecutor(this.layout, this.project.config, {
        record: (event) => this.record(event),
        ended: (card, attempt, end) => this.ended(card, attempt, end),
      }, { cards: [...this.graph.cards.values()], notice: (message) => this.options.progress.notice(message) });
    } catch (error) {
      if (!(error instanceof OrchError)) throw error;
      this.options.progress.diagnostic(error.toDiagnostic());
      this.log.close();
      return 2;
    }
    const history = foldHistory(this.events);
    const stopped = await stopOrphans(history.openAttempts);
    if (stopped.length) this.options.progress.notice(`orch: stopped ${stopped.length} agent process group(s) left by a run that died`);
    for (const open of history.openAttempts) {
      this.record({ type: 'card', t: Date.now(), run: open.run, card: open.card, from: 'running', to: 'cancelled', attempt: open.attempt, errorKind: 'interrupted', message: 'the runner stopped before this attempt ended' });
    }
    const existing = new Set(fs.readdirSync(this.layout.results).filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3)));
    this.results = new Set(existing);
    const config = this.project.config;
    const concurrency = this.options.concurrency ?? config.concurrency;
    this.scheduler = new Scheduler(this.graph, {
      run: this.runId, config, concurrency, failFast: this.options.failFast ?? false,
      previous: history.previous, existingResults: existing, random: this.options.random ?? Math.random,
    });
    const started: LogEvent = { type: 'run-started', t: Date.now(), run: this.runId, pid: process.pid, host: os.hostname(), concurrency };
    if (config.goal) started.goal = config.goal;
    this.record(started);

    const done = new Promise<number>((resolve) => (this.finish = resolve));
    const onSignal = () => this.interrupt();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    this.input({ type: 'start', now: Date.now() });
    if (this.options.watch !== false) {
      this.watcher = new CardWatcher(this.layout.tasks, () => {
        this.cardsTouched = true;
        this.reload();
      });
      this.watcher.start();
    }
    setImmediate(() => void loadRenderers());
    const code = await done;
    await this.executor.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    clearTimeout(this.timer);
    this.watcher?.close();
    this.status.cancel();
    this.live?.flush(true);
    this.options.progress.close();
    const view = this.view(false);
    await writeStatus(this.layout, view);
    await writeReport(this.layout, view);
    this.log.close();
    return code;
  }

  private input(input: SchedulerInput): void {
    this.apply(this.scheduler.step(input));
    clearTimeout(this.timer);
    const wake = this.scheduler.nextWakeAt();
    if (wake !== undefined) this.timer = setTimeout(() => this.input({ type: 'tick', now: Date.now() }), Math.max(0, wake - Date.now()));
  }

  private apply(effects: Effect[]): void {
    for (const effect of effects) {
      if (effect.type === 'record') this.record(effect.event);
      else if (effect.type === 'start') this.start(effect);
      else if (effect.type === 'stop') this.executor.stop(effect.card, 'interrupt');
      else this.end(effect.exitCode);
    }
  }

  private record(event: LogEvent): void {
    this.log.append(event);
    this.events.push(event);
    this.options.progress.event(event);
    this.status.request();
    this.live?.request();
  }

  private start(effect: Extract<Effect, { type: 'start' }>): void {
    const { card, attempt } = effect;
    const agent = this.project.config.agents[effect.agent]!;
    if (this.results.delete(card.id)) {
      // a done card runs again: its old result goes aside, so no dependent reads a stale one
      try {
        fs.renameSync(resultPath(this.layout, card.id), path.join(this.layout.previous, `${card.id}.md`));
      } catch {
        // already gone (removed by hand): nothing to set aside
      }
    }
    const deps = effect.depResults.map((id) => {
      const file = resultPath(this.layout, id);
      return { id, title: this.graph.cards.get(id)?.title ?? id, path: rel(this.layout, file), text: readText(file) };
    });
    const spec = { run: this.runId, card, attempt, agentName: effect.agent, agent, deps };
    this.executor.start(effect.failure ? { ...spec, failure: effect.failure } : spec);
  }

  /** An attempt is over: its result goes into results/ first, then the scheduler hears of it. */
  private ended(card: string, attempt: number, end: AttemptEnd): void {
    const { outcome } = end;
    if (outcome.ok && end.resultFile) {
      try {
        fs.renameSync(end.resultFile, resultPath(this.layout, card));
        this.results.add(card);
        // Crash tests: die between the result write and its event, the narrowest window there is.
        if (process.env.ORCH_TEST_CRASH === `after-result:${card}`) process.kill(process.pid, 'SIGKILL');
      } catch (error) {
        Object.assign(outcome, { ok: false, errorKind: 'crash', message: `orch could not store the result: ${(error as Error).message}` });
      }
    }
    this.input({ type: 'attempt-ended', now: Date.now(), card, attempt, outcome });
  }

  private end(code: number): void {
    // A card written just before the end may not have reached the watcher yet: look once more,
    // cheaply (the list of card files) unless the watcher saw something.
    if (this.options.watch !== false && code !== 130 && (this.cardsTouched || this.cardFilesChanged())) {
      this.cardsTouched = false;
      if (this.reload()) return;
    }
    this.finish(code);
  }

  private cardFilesChanged(): boolean {
    const now = listCardFiles(this.layout.tasks);
    return now.length !== this.cardFiles.size || now.some((f) => !this.cardFiles.has(f));
  }

  /** Re-read the cards; feed the scheduler if anything changed. Returns whether it did. */
  private reload(): boolean {
    const next = reloadGraph(this.layout.root, this.options.only);
    const fresh = next.rejected.filter((r) => !this.reported.has(`${r.file}\0${r.message}`));
    if (sameGraph(this.graph, next.graph) && !fresh.length) return false;
    for (const r of fresh) {
      this.reported.add(`${r.file}\0${r.message}`);
      this.options.progress.notice(`orch: left out ${r.file}: ${r.message}`);
    }
    this.graph = next.graph;
    this.cardFiles.clear();
    for (const f of listCardFiles(this.layout.tasks)) this.cardFiles.add(f);
    this.input({ type: 'cards-changed', now: Date.now(), graph: next.graph, rejected: fresh });
    return true;
  }

  private interrupt(): void {
    this.interrupted += 1;
    if (this.interrupted === 1) {
      this.options.progress.notice('orch: stopping the running agents (Ctrl-C again to kill them at once)');
      this.input({ type: 'interrupt', now: Date.now() });
      return;
    }
    this.executor.kill();
  }

  private view(running: boolean): RunView {
    return currentView(this.layout, this.events, this.graph, this.project.config, running);
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
