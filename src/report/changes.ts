import type { PhrasingContent, RootContent } from 'mdast';
import { formatCount, NONE } from './format.js';
import { heading, paragraph, table, text, type Cell } from './markdown.js';
import type { CardChanges, CardView, RunView } from './view.js';

export const CHANGES_COLUMNS = ['Card', 'Files', 'Added', 'Removed', 'Merge', 'Commit'];

const MESSAGE_CHARS = 200;

const MERGE_LABEL: Record<NonNullable<CardChanges['merge']>, string> = {
  merged: '✅ merged',
  nothing: 'nothing to merge',
  conflict: '⚠️ conflict',
  verify_failed: '❌ merge verify failed',
};

function mergeCell(changes: CardChanges): string {
  let cell = changes.merge ? MERGE_LABEL[changes.merge] : 'not merged yet';
  if (changes.conflicts?.length) cell += ` in ${changes.conflicts.join(', ')}`;
  if (changes.message && changes.merge !== 'merged') {
    cell += `: ${changes.message.length > MESSAGE_CHARS ? `${changes.message.slice(0, MESSAGE_CHARS - 1)}…` : changes.message}`;
  }
  return cell;
}

function commitCell(changes: CardChanges): Cell {
  const cells: PhrasingContent[] = [];
  if (changes.commit) cells.push({ type: 'inlineCode', value: changes.commit.slice(0, 12) });
  if (changes.branch) cells.push({ type: 'text', value: `${changes.commit ? ' on ' : ''}` }, { type: 'inlineCode', value: changes.branch });
  return cells.length ? cells : NONE;
}

const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * `## Changes`: per card that changed files in its own workspace, the files and lines it changed
 * and how its merge went; nothing at all when no card has changes (a run in the project tree).
 */
export function changesBlocks(view: RunView): RootContent[] {
  const changed = view.cards.filter((c): c is CardView & { changes: CardChanges } => c.changes !== undefined);
  if (!changed.length) return [];
  const rows = changed.map((c) => [
    c.id, formatCount(c.changes.files), `+${formatCount(c.changes.added)}`, `−${formatCount(c.changes.removed)}`, mergeCell(c.changes), commitCell(c.changes),
  ]);
  const merged = changed.filter((c) => c.changes.merge === 'merged');
  const sum = (key: 'files' | 'added' | 'removed'): number => merged.reduce((n, c) => n + c.changes[key], 0);
  const line = `${plural(merged.length, 'card')} merged: ${plural(sum('files'), 'file')} changed, +${formatCount(sum('added'))} −${formatCount(sum('removed'))} lines.`;
  return [heading(2, 'Changes'), paragraph(text(line)), table(CHANGES_COLUMNS, rows, new Set(['Files', 'Added', 'Removed']))];
}
