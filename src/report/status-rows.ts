import { oneLine } from './markdown.js';
import { formatDuration } from '../util/duration.js';
import { formatCost, formatCount, linkFromOrchDir, NONE } from './format.js';
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
  /** Where a worktree card's work is: its branch, the merge commit and the diffstat (see `workspaceLabel`). */
  workspace?: string;
  /** The `orch worker` that ran the latest attempt. */
  worker?: string;
}

export const STATUS_COLUMNS = ['Status', 'Card', 'Title', 'Agent', 'Deps', 'Attempts', 'Duration', 'Cost', 'Result'];

/** The columns only some runs have: shown when a card has a value, so a plain run's table stays as narrow as before. */
export const OPTIONAL_COLUMNS = { worker: 'Worker', workspace: 'Workspace' } as const;
export type OptionalColumn = keyof typeof OPTIONAL_COLUMNS;

/** The optional columns some row fills, in table order. */
export function optionalColumns(rows: readonly StatusRow[]): OptionalColumn[] {
  return (Object.keys(OPTIONAL_COLUMNS) as OptionalColumn[]).filter((key) => rows.some((row) => row[key] !== undefined));
}

const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * A worktree card's workspace in one line, from the same view the report's Changes section reads:
 * `orch/card/<id> @ abc1234 · 3 files +10 −2` once merged, the merge's failure when it did not, and
 * `worktree kept` for a card that stopped with its worktree in place.
 */
export function workspaceLabel(card: CardView): string | undefined {
  const changes = card.changes;
  const branch = changes?.branch ?? card.worktree?.branch;
  if (!changes) return branch && (card.status === 'running' || card.status === 'retrying' ? branch : `${branch} · worktree kept`);
  const parts = [`${branch ?? 'worktree'}${changes.merge === 'merged' && changes.commit ? ` @ ${changes.commit.slice(0, 7)}` : ''}`];
  if (changes.merge === 'nothing') parts.push('no changes');
  else if (changes.merge === 'conflict') parts.push(`conflict${changes.conflicts?.length ? ` in ${changes.conflicts.join(', ')}` : ''}`);
  else {
    parts.push(`${plural(changes.files, 'file')} +${formatCount(changes.added)} −${formatCount(changes.removed)}`);
    if (changes.merge === 'verify_failed') parts.push('merge verify failed');
  }
  return parts.join(' · ');
}

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
    const workspace = workspaceLabel(card);
    if (workspace) row.workspace = workspace;
    if (card.worker) row.worker = card.worker;
    if (card.upToDate) row.note = 'up to date';
    else if (card.status === 'blocked' && card.blockedBy) row.note = `blocked by ${card.blockedBy}`;
    else if ((card.status === 'failed' || card.status === 'retrying') && card.lastError) {
      const note = oneLine(`${card.lastError.kind ?? 'error'}: ${card.lastError.message}`);
      row.note = note.length > 120 ? `${note.slice(0, 119)}…` : note;
    }
    return row;
  });
}
