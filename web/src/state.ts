import { shapeKey } from './shape.js';
import type { CardView, Totals, UiMessage } from './types.js';

/** What the page holds: the cards by id in the server's (topological) order, and the run's totals. */
export interface PageState {
  /** Bumped when the set of cards or their deps changes: the layout is computed again only then. */
  graphVersion: number;
  order: string[];
  cards: Map<string, CardView>;
  critical: Set<string>;
  totals?: Totals;
  running: boolean;
  goal?: string;
  problems: string[];
  /** Server clock minus page clock, so elapsed times do not depend on the page's clock. */
  clockOffset: number;
  connected: boolean;
}

export function emptyState(): PageState {
  return { graphVersion: 0, order: [], cards: new Map(), critical: new Set(), running: false, problems: [], clockOffset: 0, connected: false };
}


/**
 * Apply one server message. Pure: a new state, with new card objects only for the cards that changed
 * (the DAG's nodes are memoised on them), and a new graph version only when ids or deps changed.
 */
export function applyMessage(state: PageState, message: UiMessage, pageNow: number): PageState {
  const clockOffset = message.now - pageNow;
  if (message.type === 'snapshot') {
    const cards = new Map(message.cards.map((c) => [c.id, c]));
    const sameGraph = shapeKey(message.cards) === shapeKey(state.order.map((id) => state.cards.get(id)!));
    const next: PageState = {
      ...state, cards, order: message.cards.map((c) => c.id), critical: new Set(message.criticalPath),
      totals: message.totals, running: message.running, problems: message.problems, clockOffset, connected: true,
      graphVersion: sameGraph && state.graphVersion > 0 ? state.graphVersion : state.graphVersion + 1,
    };
    if (message.goal !== undefined) next.goal = message.goal;
    else delete next.goal;
    return next;
  }
  const cards = new Map(state.cards);
  for (const c of message.cards) if (cards.has(c.id)) cards.set(c.id, c);
  return { ...state, cards, totals: message.totals, running: message.running, clockOffset, connected: true };
}

/** Elapsed time of a card: to its end, or to now while it runs. */
export function elapsedMs(card: CardView, serverNow: number): number | undefined {
  if (card.startedAt === undefined) return undefined;
  if (card.endedAt !== undefined && card.status !== 'running' && card.status !== 'retrying') return card.endedAt - card.startedAt;
  return Math.max(0, serverNow - card.startedAt);
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Which controls a card in this status offers. */
export function controlsFor(status: string, running: boolean): Array<'cancel' | 'retry' | 'reset' | 'approve' | 'reject'> {
  if (status === 'awaiting-approval') return ['approve', 'reject'];
  if (status === 'running' || (running && (status === 'pending' || status === 'retrying'))) return ['cancel'];
  if (status === 'failed' || status === 'cancelled' || status === 'blocked') return ['retry'];
  if (status === 'done') return ['reset'];
  return [];
}
