import type { CardStatus } from '../scheduler/status.js';
import { optionalColumns, statusRows, type OptionalColumn, type StatusRow } from './status-rows.js';
import { withoutEmoji } from './plain-text.js';
import { summaryLine } from './summary.js';
import { padEnd, padStart, printable, textWidth, truncate } from './text-width.js';
import type { RunView } from './view.js';

export interface TerminalOptions {
  /** Colour with ANSI escapes (only for a TTY that wants them). */
  color: boolean;
  /** Terminal columns; long titles and deps are cut to fit. Default: no limit. */
  width?: number;
  /** Status emoji (default true); false for plain text. */
  emoji?: boolean;
}

const ANSI: Record<CardStatus, number> = {
  waiting: 2, 'awaiting-approval': 35, pending: 2, running: 36, retrying: 33, done: 32, failed: 31, blocked: 33, cancelled: 35,
};

const paint = (on: boolean, code: number, value: string): string => (on ? `\u001b[${code}m${value}\u001b[0m` : value);

interface Column {
  name: string;
  cell: (row: StatusRow) => string;
  right?: boolean;
  /** Narrowest this column shrinks to when the table must fit `width`; fixed when absent. */
  min?: number;
  /** Shrinks only once the other columns are as narrow as they go (a branch and commit cut short say little). */
  last?: boolean;
}

const COLUMNS: Column[] = [
  { name: 'STATUS', cell: (r) => r.status },
  { name: 'ID', cell: (r) => r.id },
  { name: 'TITLE', cell: (r) => r.title, min: 8 },
  { name: 'AGENT', cell: (r) => r.agent },
  { name: 'DEPS', cell: (r) => r.deps, min: 4 },
  { name: 'TRIES', cell: (r) => r.attempts, right: true },
  { name: 'TIME', cell: (r) => r.duration, right: true },
  { name: 'COST', cell: (r) => r.cost, right: true },
  { name: 'NOTE', cell: (r) => r.note ?? '', min: 4 },
];

/** Before NOTE, only when some card has a value. */
const OPTIONAL: Record<OptionalColumn, Column> = {
  worker: { name: 'WORKER', cell: (r) => r.worker ?? '', min: 6 },
  workspace: { name: 'WORKSPACE', cell: (r) => r.workspace ?? '', min: 12, last: true },
};

function columnsOf(rows: readonly StatusRow[]): Column[] {
  const extra = optionalColumns(rows).map((key) => OPTIONAL[key]);
  return extra.length ? [...COLUMNS.slice(0, -1), ...extra, COLUMNS.at(-1)!] : COLUMNS;
}

const GAP = '  ';

/** Shrinks the shrinkable columns, widest first (`last` ones after the rest), until the row fits `width` (or none can shrink). */
function fit(columns: readonly Column[], widths: number[], width: number | undefined): number[] {
  if (width === undefined) return widths;
  const out = [...widths];
  let total = out.reduce((a, b) => a + b, 0) + GAP.length * (out.length - 1);
  while (total > width) {
    let pick = -1;
    for (const late of [false, true]) {
      columns.forEach((c, i) => {
        if (c.min !== undefined && !!c.last === late && out[i]! > c.min && (pick < 0 || out[i]! > out[pick]!)) pick = i;
      });
      if (pick >= 0) break;
    }
    if (pick < 0) break;
    out[pick]! -= 1;
    total -= 1;
  }
  return out;
}

/** The status table for a terminal: a summary line, then aligned columns; no markdown. */
export function renderStatusTerminal(view: RunView, options: TerminalOptions): string {
  const rows = statusRows(view);
  const columns = columnsOf(rows);
  const plain = options.emoji === false ? withoutEmoji : (text: string) => text;
  const cells = rows.map((row) => columns.map((c) => plain(printable(c.cell(row)))));
  const natural = columns.map((c, i) => Math.max(textWidth(c.name), ...cells.map((r) => textWidth(r[i]!))));
  const widths = fit(columns, natural, options.width);
  const line = (values: string[], style: (value: string, i: number) => string): string =>
    values
      .map((value, i) => {
        const w = widths[i]!;
        const cut = truncate(value, w);
        return style(columns[i]!.right ? padStart(cut, w) : padEnd(cut, w), i);
      })
      .join(GAP)
      .trimEnd();

  const out = [plain(printable(summaryLine(view)))];
  if (rows.length) {
    out.push('', paint(options.color, 1, line(columns.map((c) => c.name), (v) => v)));
    rows.forEach((row, r) => {
      out.push(line(cells[r]!, (v, i) => (i === 0 ? paint(options.color, ANSI[row.card.status], v) : v)));
    });
  }
  return `${out.join('\n')}\n`;
}
