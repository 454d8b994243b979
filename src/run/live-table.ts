import type { RunView } from '../report/view.js';
import { withoutEmoji } from '../report/plain-text.js';
import { optionalColumns, statusRows, type OptionalColumn } from '../report/status-rows.js';
import { summaryLine } from '../report/summary.js';
import { padEnd, printable, textWidth, truncate } from '../report/text-width.js';
import { STATUS_EMOJI, type CardStatus } from '../scheduler/status.js';
import type { LogEvent } from '../state/events.js';
import { formatDuration } from '../util/duration.js';

/** A card that ended during this run, as the live table lists it. */
export interface Finished {
  id: string;
  status: CardStatus;
  detail: string;
}

export interface FrameOptions {
  /** Terminal columns: no line is wider (titles are cut with `…`). */
  width: number;
  emoji: boolean;
  /** How many finished cards to show, latest last. */
  finished?: number;
  /** How many running cards to show before `… and N more`. */
  running?: number;
}

/** What a card event adds to the finished list, or undefined when it does not end the card. */
export function finishedOf(e: LogEvent): Finished | undefined {
  if (e.type !== 'card') return undefined;
  const detail = e.to === 'done' ? (e.upToDate ? 'up to date' : `done in ${formatDuration(e.durationMs ?? 0)}`)
    : e.to === 'failed' ? `failed (${e.errorKind ?? 'error'}): ${e.message ?? ''}`
    : e.to === 'blocked' ? `blocked by ${e.blockedBy ?? 'a failed dep'}`
    : e.to === 'cancelled' ? 'cancelled' : undefined;
  return detail === undefined ? undefined : { id: e.card, status: e.to, detail };
}

/** The live block: the latest finished cards, the running ones with their time so far, then a one-line total. */
export function renderLiveFrame(view: RunView, finished: readonly Finished[], options: FrameOptions): string[] {
  const width = Math.max(20, options.width - 1); // the last column would make some terminals wrap
  const mark = (s: CardStatus) => (options.emoji ? STATUS_EMOJI[s] : s === 'running' ? '>' : s === 'done' ? '+' : s === 'retrying' ? '~' : '!');
  const titles = new Map(view.cards.map((c) => [c.id, c.title]));
  const rows: Array<{ status: CardStatus; id: string; detail: string }> = finished.slice(-(options.finished ?? 5)).map((f) => ({ ...f }));
  const active = view.cards.filter((c) => c.status === 'running' || c.status === 'retrying');
  const limit = options.running ?? 10;
  for (const c of active.slice(0, limit)) {
    const since = c.startedAt ?? view.asOf;
    const detail = c.status === 'running' ? `${c.agent} #${c.attempts} ${formatDuration(Math.max(0, view.asOf - since))}` : `retrying (#${c.attempts} failed)`;
    rows.push({ status: c.status, id: c.id, detail });
  }
  const idWidth = Math.min(24, Math.max(0, ...rows.map((r) => textWidth(r.id))));
  const extra = extraCells(view, rows.map((r) => r.id), width - idWidth - 4 - Math.max(0, ...rows.map((r) => textWidth(printable(r.detail)))) - 2);
  const lines = rows.map((r) => {
    const head = `${mark(r.status)} ${padEnd(truncate(printable(r.id), idWidth), idWidth)}  `;
    const detail = printable(r.detail);
    const cells = extra(r.id);
    const room = width - textWidth(head) - textWidth(cells) - textWidth(detail) - 2;
    const title = printable(titles.get(r.id) ?? '');
    const natural = Math.max(0, ...rows.map((x) => textWidth(printable(titles.get(x.id) ?? ''))));
    const titleWidth = Math.min(room, natural);
    const middle = titleWidth >= 6 ? `${padEnd(truncate(title, titleWidth), titleWidth)}  ` : '';
    return truncate(`${head}${middle}${cells}${detail}`, width);
  });
  if (active.length > limit) lines.push(`  … and ${active.length - limit} more`);
  const upToDate = view.cards.filter((c) => c.upToDate).length;
  const total = `${summaryLine(view)}${upToDate ? ` · ${upToDate} up to date` : ''}`;
  lines.push(truncate(printable(options.emoji ? total : withoutEmoji(total)), width));
  return lines;
}

/** The widest the Worker and Workspace cells grow; a branch, its merge commit and diffstat fit. */
const CAP: Record<OptionalColumn, number> = { worker: 16, workspace: 44 };

/**
 * The Worker and Workspace cells of the cards shown, from the same rows as `orch status` (only
 * when one of them has a value), as wide as the widest, Workspace giving way first to fit `room`.
 */
function extraCells(view: RunView, ids: readonly string[], room: number): (id: string) => string {
  const shown = new Set(ids);
  const rows = new Map(statusRows({ ...view, cards: view.cards.filter((c) => shown.has(c.id)) }).map((r) => [r.id, r]));
  const columns = optionalColumns([...rows.values()]).map((key) => {
    const natural = Math.max(...[...rows.values()].map((r) => textWidth(printable(r[key] ?? ''))));
    return { key, natural, width: Math.min(CAP[key], natural) };
  });
  let left = room;
  for (const c of columns) left -= c.width + 2;
  for (const c of [...columns].reverse()) {
    if (left >= 0) break;
    const cut = Math.min(-left, c.width);
    c.width -= cut;
    left += cut;
  }
  // a cell cut to under 6 columns says nothing: it goes, and the title has the room
  const fitting = columns.filter((c) => c.width >= Math.min(6, c.natural));
  return (id) => fitting.map((c) => `${padEnd(truncate(printable(rows.get(id)?.[c.key] ?? ''), c.width), c.width)}  `).join('');
}
