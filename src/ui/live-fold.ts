import type { Config } from '../config/config.js';
import type { Graph } from '../graph/build.js';
import type { AttemptView, CardChanges, CardView } from '../report/view.js';
import { STATUSES, type CardStatus, type Tokens } from '../scheduler/status.js';
import type { LogEvent } from '../state/events.js';
import { cardViewOf, foldCardChange, foldPlace, type FoldedCard } from '../state/card-view.js';
import { changesOf, type ViewOptions } from '../state/view-of.js';

interface CardFold extends FoldedCard {
  /** What each attempt of the latest run ended with (the page's attempts list). */
  ends: Map<number, AttemptEnd>;
}

/** How an attempt ended, from its `card` record leaving `running`. */
export interface AttemptEnd {
  to: CardStatus;
  message?: string;
  costUsd?: number;
  tokens?: Tokens;
  durationMs?: number;
}

/** The run's totals as the page's header shows them. */
export interface LiveTotals {
  counts: Record<CardStatus, number>;
  costUsd: number;
  tokens: Tokens;
  agentTimeMs: number;
  startedAt?: number;
  endedAt?: number;
  lastT: number;
}

const emptyFold = (): CardFold => ({ status: 'waiting', attempts: [], costUsd: 0, tokens: { input: 0, output: 0 }, ends: new Map() });

/**
 * `viewOf` (src/state/view-of.ts) one event at a time: each `apply` updates only the card it names
 * and says which cards' views may have changed (the card and its dependents, whose `pending` hangs
 * on it). Its card views equal viewOf's for the same events (live-fold.test.ts checks it).
 */
export class LiveFold {
  private readonly folds = new Map<string, CardFold>();
  private startedAt: number | undefined;
  private endedAt: number | undefined;
  private lastT = 0;

  constructor(
    readonly graph: Graph,
    private readonly config: Config,
    private readonly relPath: ViewOptions['relPath'],
  ) {}

  /** Fold one event; returns the ids whose card view may have changed. */
  apply(e: LogEvent): string[] {
    this.lastT = Math.max(this.lastT, e.t);
    if (e.type === 'run-started') [this.startedAt, this.endedAt] = [e.t, undefined];
    else if (e.type === 'run-ended') this.endedAt = e.t;
    else if (e.type === 'merged' || e.type === 'merge-failed') {
      const f = this.fold(e.card);
      f.changes = changesOf(e, f.changes);
      return this.touched(e.card);
    } else if (e.type === 'spawned' || e.type === 'worktree-created' || e.type === 'worktree-removed') {
      foldPlace(this.fold(e.card), e);
      return this.touched(e.card);
    } else if (e.type === 'card-reset') {
      this.folds.set(e.card, emptyFold());
      return this.touched(e.card);
    } else if (e.type === 'card') {
      this.applyCard(e);
      return this.touched(e.card);
    }
    return [];
  }

  private fold(id: string): CardFold {
    let f = this.folds.get(id);
    if (!f) this.folds.set(id, (f = emptyFold()));
    return f;
  }

  private applyCard(e: Extract<LogEvent, { type: 'card' }>): void {
    const f = this.fold(e.card);
    if (e.to === 'running' && e.attempt === 1) f.ends = new Map();
    if (foldCardChange(f, e, this.relPath) === undefined) return;
    const end: AttemptEnd = { to: e.to };
    if (e.message !== undefined) end.message = e.message;
    if (e.costUsd !== undefined) end.costUsd = e.costUsd;
    if (e.tokens !== undefined) end.tokens = e.tokens;
    if (e.durationMs !== undefined) end.durationMs = e.durationMs;
    f.ends.set(e.attempt ?? 1, end);
  }

  private touched(id: string): string[] {
    return this.graph.cards.has(id) ? [id, ...(this.graph.dependents.get(id) ?? [])] : [];
  }

  /** A card's view, as viewOf builds it (without `blocks`, which needs every card: see `blocksOf`). */
  cardView(id: string): CardView | undefined {
    const card = this.graph.cards.get(id);
    if (!card) return undefined;
    const f = this.folds.get(id) ?? emptyFold();
    const view = cardViewOf(card, f, card.deps.every((d) => this.folds.get(d)?.status === 'done'), this.config, this.relPath);
    return view;
  }

  /** Every card's view in topological order. */
  cards(): CardView[] {
    return this.graph.order.map((id) => this.cardView(id)!);
  }

  /** The attempts of a card's latest run, with how each ended. */
  attemptsOf(id: string): Array<AttemptView & { end?: AttemptEnd }> {
    const f = this.folds.get(id);
    return f?.attempts.map((a) => ({ ...a, ...(f.ends.has(a.attempt) ? { end: f.ends.get(a.attempt)! } : {}) })) ?? [];
  }

  /** Whether the card ran in a git worktree since it was last reset (its worktree, or its merge, is known): it has a diff. */
  ranInWorktree(id: string): boolean {
    const f = this.folds.get(id);
    return f?.worktree !== undefined || f?.changes !== undefined;
  }

  totals(): LiveTotals {
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<CardStatus, number>;
    const tokens: Tokens = { input: 0, output: 0 };
    let costUsd = 0;
    let agentTimeMs = 0;
    for (const id of this.graph.order) {
      counts[this.cardView(id)!.status] += 1;
      const f = this.folds.get(id);
      if (!f) continue;
      costUsd += f.costUsd;
      tokens.input += f.tokens.input;
      tokens.output += f.tokens.output;
      for (const a of f.attempts) agentTimeMs += a.endedAt !== undefined ? a.endedAt - a.startedAt : 0;
    }
    const totals: LiveTotals = { counts, costUsd, tokens, agentTimeMs, lastT: this.lastT };
    if (this.startedAt !== undefined) totals.startedAt = this.startedAt;
    if (this.endedAt !== undefined) totals.endedAt = this.endedAt;
    return totals;
  }
}
