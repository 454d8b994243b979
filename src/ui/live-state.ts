import { formatDiagnostic } from '../errors.js';
import { planRun } from '../graph/plan.js';
import { loadProject, type Project } from '../project/load.js';
import { activeRunner } from '../project/view.js';
import type { CardView } from '../report/view.js';
import type { LogEvent } from '../state/events.js';
import { logPath, rel, resultPath } from '../state/layout.js';
import { CardWatcher } from '../watch/card-watcher.js';
import { LiveFold, type LiveTotals } from './live-fold.js';
import { LogFollower } from './log-follower.js';

/** What the page is sent: the whole picture once, then the cards that changed. */
export type UiMessage =
  | { type: 'snapshot'; now: number; running: boolean; goal?: string; cards: CardView[]; criticalPath: string[]; totals: LiveTotals; problems: string[] }
  | { type: 'update'; now: number; running: boolean; cards: CardView[]; totals: LiveTotals };

/**
 * The project as the page sees it, kept current: the event log followed by its new bytes and folded
 * one event at a time (LiveFold), the cards reloaded when tasks/ changes, the lock checked for a live
 * runner. Changes are sent to subscribers at most every `flushMs`.
 */
export class LiveState {
  project!: Project;
  fold!: LiveFold;
  private criticalPath: string[] = [];
  private running = false;
  private readonly changed = new Set<string>();
  private resnapshot = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private lockTimer: NodeJS.Timeout | undefined;
  private readonly subscribers = new Set<(m: UiMessage) => void>();
  private readonly follower: LogFollower;
  private readonly watcher: CardWatcher;

  constructor(readonly root: string, private readonly flushMs = 50) {
    this.load();
    this.follower = new LogFollower(this.project.layout.events, {
      events: (events) => this.take(events),
      restart: () => this.restart(),
    });
    this.watcher = new CardWatcher(this.project.layout.tasks, () => this.reloadCards());
  }

  start(): void {
    this.follower.start();
    this.watcher.start();
    this.lockTimer = setInterval(() => this.checkLock(), 500);
    this.lockTimer.unref?.();
  }

  close(): void {
    this.follower.stop();
    this.watcher.close();
    clearInterval(this.lockTimer);
    clearTimeout(this.flushTimer);
    this.subscribers.clear();
  }

  isRunning(): boolean {
    return this.running;
  }

  subscribe(send: (m: UiMessage) => void): () => void {
    this.subscribers.add(send);
    send(this.snapshot());
    return () => this.subscribers.delete(send);
  }

  snapshot(): UiMessage {
    const { project } = this;
    const message: UiMessage = {
      type: 'snapshot', now: Date.now(), running: this.running, cards: this.fold.cards(), criticalPath: this.criticalPath,
      totals: this.fold.totals(), problems: project.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic),
    };
    if (project.config.goal) message.goal = project.config.goal;
    return message;
  }

  private load(): void {
    const project = loadProject(this.root);
    this.project = project;
    this.fold = this.newFold();
    this.criticalPath = planRun(project.graph, project.config.concurrency).criticalPath;
    this.running = activeRunner(project) !== undefined;
  }

  private newFold(): LiveFold {
    const { layout, graph, config } = this.project;
    return new LiveFold(graph, config, (kind, id, attempt) => rel(layout, kind === 'result' ? resultPath(layout, id) : logPath(layout, id, attempt ?? 1)));
  }

  /** The log was replaced or cut: the follower reads it again from the start into a new fold. */
  private restart(): void {
    this.fold = this.newFold();
    this.changed.clear();
    this.resnapshot = true;
    this.request();
  }

  /** Cards were added, edited or removed: a new graph, and the log folded again over it. */
  private reloadCards(): void {
    this.load();
    this.changed.clear();
    this.follower.rewind();
    this.follower.poll();
    this.resnapshot = true;
    this.request();
  }

  private take(events: LogEvent[]): void {
    for (const e of events) for (const id of this.fold.apply(e)) this.changed.add(id);
    if (events.some((e) => e.type === 'run-started' || e.type === 'run-ended')) this.checkLock();
    this.request();
  }

  private checkLock(): void {
    const running = activeRunner(this.project) !== undefined;
    if (running !== this.running) {
      this.running = running;
      this.request();
    }
  }

  private request(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), this.flushMs);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (this.resnapshot) {
      this.resnapshot = false;
      const snapshot = this.snapshot();
      for (const send of this.subscribers) send(snapshot);
      return;
    }
    const cards = [...this.changed].flatMap((id) => this.fold.cardView(id) ?? []);
    this.changed.clear();
    const message: UiMessage = { type: 'update', now: Date.now(), running: this.running, cards, totals: this.fold.totals() };
    for (const send of this.subscribers) send(message);
  }
}
