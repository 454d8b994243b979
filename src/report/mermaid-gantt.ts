import type { AttemptView, RunView } from './view.js';

const HOUR = 3_600_000;

/** Tick labels as fine as the run is short. */
function axisFormat(spanMs: number): string {
  if (spanMs < HOUR) return '%H:%M:%S';
  if (spanMs < 24 * HOUR) return '%H:%M';
  return '%m-%d %H:%M';
}

/** Task tags: failed attempts `crit` (red), running ones `active`, successful ones `done`. */
function tagOf(attempt: AttemptView, running: boolean): string | undefined {
  if (attempt.ok === false) return 'crit';
  if (attempt.ok === true) return 'done';
  return attempt.endedAt === undefined && running ? 'active' : undefined;
}

/** Task names stay plain words: the Gantt grammar ends a name at `:` and data at `#` or `;`. */
function nameOf(attempt: AttemptView): string {
  return attempt.errorKind ? `attempt ${attempt.attempt} · ${attempt.errorKind}` : `attempt ${attempt.attempt}`;
}

/**
 * What ran when, as a Mermaid Gantt chart: a section per card, one bar per attempt, times in
 * epoch ms (`dateFormat x`). A still-running attempt ends at the view's `asOf`.
 */
export function renderGantt(view: RunView): string | undefined {
  if (!view.attempts.length) return undefined;
  const byCard = new Map<string, AttemptView[]>(view.cards.map((c) => [c.id, []]));
  for (const attempt of [...view.attempts].sort((a, b) => (a.card < b.card ? -1 : a.card > b.card ? 1 : 0))) {
    const list = byCard.get(attempt.card) ?? [];
    list.push(attempt);
    byCard.set(attempt.card, list);
  }
  const endOf = (a: AttemptView): number => Math.max(a.startedAt, a.endedAt ?? view.asOf);
  const first = Math.min(...view.attempts.map((a) => a.startedAt));
  const last = Math.max(...view.attempts.map(endOf));

  const lines = ['gantt', '  dateFormat x', `  axisFormat ${axisFormat(last - first)}`, '  todayMarker off'];
  for (const [card, attempts] of byCard) {
    if (!attempts.length) continue;
    lines.push(`  section ${card}`);
    const ordered = [...attempts].sort((a, b) => a.attempt - b.attempt || a.startedAt - b.startedAt);
    for (const attempt of ordered) {
      const tag = tagOf(attempt, view.running);
      const data = [...(tag ? [tag] : []), String(attempt.startedAt), String(endOf(attempt))];
      lines.push(`  ${nameOf(attempt)} :${data.join(', ')}`);
    }
  }
  return lines.join('\n');
}
