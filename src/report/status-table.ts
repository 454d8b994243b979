import type { PhrasingContent, Root, Table } from 'mdast';
import { formatTime } from './format.js';
import { heading, link, oneLine, paragraph, stringifyMarkdown, table, text, type Cell } from './markdown.js';
import { STATUS_COLUMNS, statusRows, type StatusRow } from './status-rows.js';
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

/** One row per card, links relative to `.orchestrator/` (where status.md and report.md live). */
export function statusTable(view: RunView): Table {
  const rows = statusRows(view).map((row): Cell[] => [
    row.status,
    link(row.cardLink, row.id),
    row.title,
    row.agent,
    row.deps,
    row.attempts,
    row.duration,
    row.cost,
    resultCell(row),
  ]);
  return table(STATUS_COLUMNS, rows, RIGHT);
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
