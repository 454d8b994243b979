import { STATUSES, STATUS_EMOJI, type CardStatus } from '../scheduler/status.js';
import { formatDuration } from '../util/duration.js';
import { formatCost } from './format.js';
import type { RunView } from './view.js';

/** `✅ done`: how every table shows a status. */
export function statusLabel(status: CardStatus): string {
  return `${STATUS_EMOJI[status]} ${status}`;
}

/** The non-zero counts in status order: `✅ 3 done · ❌ 1 failed`; `no cards` when there are none. */
export function statusCountsLine(counts: Record<CardStatus, number>): string {
  const parts = STATUSES.filter((s) => counts[s] > 0).map((s) => `${STATUS_EMOJI[s]} ${counts[s]} ${s}`);
  return parts.length ? parts.join(' · ') : 'no cards';
}

/** From the start of the run to its end, or to `asOf` while it runs; undefined before any run. */
export function elapsedMs(view: RunView): number | undefined {
  if (view.startedAt === undefined) return undefined;
  return Math.max(0, (view.endedAt ?? view.asOf) - view.startedAt);
}

/** Agent time over wall time: how many agents were busy on average. */
export function speedUp(view: RunView): number | undefined {
  const wall = elapsedMs(view);
  return wall ? view.agentTimeMs / wall : undefined;
}

export function formatSpeedUp(ratio: number | undefined): string {
  return ratio === undefined ? '—' : `${ratio.toFixed(1)}×`;
}

/** `✅ 3 done · 🏃 1 running · elapsed 5m12s · cost $0.42`: the line above every status table. */
export function summaryLine(view: RunView): string {
  const elapsed = elapsedMs(view);
  const time = elapsed === undefined ? 'not started' : `elapsed ${formatDuration(elapsed)}${view.running ? ' (running)' : ''}`;
  return `${statusCountsLine(view.counts)} · ${time} · cost ${formatCost(view.costUsd)}`;
}
