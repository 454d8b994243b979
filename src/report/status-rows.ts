import { oneLine } from './markdown.js';
import { formatDuration } from '../util/duration.js';
import { formatCost, linkFromOrchDir, NONE } from './format.js';
import { statusLabel } from './summary.js';
import type { CardView, RunView } from './view.js';

/** One card as every status table shows it, before markdown or terminal formatting. */
export interface StatusRow {
  card: CardView;
  status: string;
  id: string;
  /** The card file, as a link from `.orchestrator/`. */
  cardLink: string;
  title: string;
  agent: string;
  deps: string;
  attempts: string;
  duration: string;
  cost: string;
  /** The result, as a link from `.orchestrator/`, for a done card. */
  resultLink?: string;
  /** The last attempt's log, as a link from `.orchestrator/`, for a failed card. */
  logLink?: string;
  note?: string;
}

export const STATUS_COLUMNS = ['Status', 'Card', 'Title', 'Agent', 'Deps', 'Attempts', 'Duration', 'Cost', 'Result'];

/** A running card's time so far counts up to `asOf`; the view never reads the clock. */
function durationOf(card: CardView, asOf: number): number | undefined {
  if (card.durationMs !== undefined) return card.durationMs;
  if (card.status === 'running' && card.startedAt !== undefined) return Math.max(0, asOf - card.startedAt);
  return undefined;
}

/** The card's agent; `claude → codex` when a fallback agent did the work. */
export function agentLabel(card: CardView): string {
  return card.doneBy && card.doneBy !== card.agent ? `${card.agent} → ${card.doneBy}` : card.agent;
}

export function statusRows(view: RunView): StatusRow[] {
  return view.cards.map((card) => {
    const duration = durationOf(card, view.asOf);
    const row: StatusRow = {
      card,
      status: statusLabel(card.status),
      id: card.id,
      cardLink: linkFromOrchDir(card.file),
      title: card.title,
      agent: agentLabel(card),
      deps: card.deps.length ? card.deps.join(', ') : NONE,
      attempts: card.attempts ? String(card.attempts) : NONE,
      duration: duration === undefined ? NONE : formatDuration(duration),
      cost: card.costUsd === undefined ? NONE : formatCost(card.costUsd),
    };
    if (card.status === 'done' && card.result) row.resultLink = linkFromOrchDir(card.result);
    if (card.status === 'failed' && card.lastError?.log) row.logLink = linkFromOrchDir(card.lastError.log);
    if (card.upToDate) row.note = 'up to date';
    else if (card.status === 'blocked' && card.blockedBy) row.note = `blocked by ${card.blockedBy}`;
    else if ((card.status === 'failed' || card.status === 'retrying') && card.lastError) {
      const note = oneLine(`${card.lastError.kind ?? 'error'}: ${card.lastError.message}`);
      row.note = note.length > 120 ? `${note.slice(0, 119)}…` : note;
    }
    return row;
  });
}
