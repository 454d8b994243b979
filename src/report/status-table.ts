import type { PhrasingContent, Root, Table } from 'mdast';
import { formatTime, NONE } from './format.js';
import { heading, link, oneLine, paragraph, stringifyMarkdown, table, text, type Cell } from './markdown.js';
import { OPTIONAL_COLUMNS, optionalColumns, STATUS_COLUMNS, statusRows, type StatusRow } from './status-rows.js';
import { summaryLine } from './summary.js';
import type { RunView } from './view.js';

const RIGHT = new Set(['Attempts', 'Duration', 'Cost']);

function resultCell(row: StatusRow): Cell {
  const cell: PhrasingContent[] = [];
  if (row.resultLink) cell.push(link(row.resultLink, 'result'));
  else if (row.logLink) cell.push(link(row.logLink, 'log'));
  if (row.note) cell.push(text(cell.length ? ` (${row.note})` : row.note));
  return cell;
}

/**
 * One row per card, links relative to `.orchestrator/` (where status.md and report.md live); Worker
 * and Workspace columns before Result only when some card ran on a worker or in a worktree.
 */
export function statusTable(view: RunView): Table {
  const all = statusRows(view);
  const extra = optionalColumns(all);
  const rows = all.map((row): Cell[] => [
    row.status,
    link(row.cardLink, row.id),
    row.title,
    row.agent,
    row.deps,
    row.attempts,
    row.duration,
    row.cost,
    ...extra.map((key) => row[key] ?? NONE),
    resultCell(row),
  ]);
  const columns = [...STATUS_COLUMNS.slice(0, -1), ...extra.map((key) => OPTIONAL_COLUMNS[key]), STATUS_COLUMNS.at(-1)!];
  return table(columns, rows, RIGHT);
}

/** The content of `.orchestrator/status.md`. */
export function renderStatusMarkdown(view: RunView): string {
  const tree: Root = {
    type: 'root',
    children: [
      heading(1, 'Status'),
      ...(view.goal ? [paragraph(text(oneLine(view.goal)))] : []),
      paragraph(text(summaryLine(view))),
      ...(view.asOf > 0 ? [paragraph(text(`Updated ${formatTime(view.asOf)}`))] : []),
      ...(view.cards.length ? [statusTable(view)] : []),
    ],
  };
  return stringifyMarkdown(tree);
}
