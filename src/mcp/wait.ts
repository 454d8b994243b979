import { readView } from '../project/view.js';
import { readEvents } from '../state/event-log.js';
import { layoutOf } from '../state/layout.js';
import { isHolderAlive, readLock } from '../state/lock.js';
import { foldHistory } from '../state/history.js';
import { ok, type ToolResult } from './tool-result.js';

/** Sends one progress notification: cards ended so far of all, and what just happened. */
export type Progress = (ended: number, total: number, message: string) => Promise<void>;

const TERMINAL = new Set(['done', 'failed', 'blocked', 'cancelled']);

/**
 * Block until the folder's runner is gone or the time is up, telling the client where the run stands
 * at once and again as each card ends.
 * Cheap: it follows the lock and the event log's length; the client's cancel (or disconnect) ends it.
 */
export async function waitWithProgress(root: string, timeoutMs: number, progress: Progress, signal: AbortSignal): Promise<ToolResult> {
  const layout = layoutOf(root);
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  for (;;) {
    const holder = readLock(layout.lock);
    const running = holder !== undefined && isHolderAlive(holder);
    const { view } = readView(root);
    const ended = view.cards.filter((c) => TERMINAL.has(c.status)).length;
    // the first look is sent too: a run that ended before the wait began (or between two looks)
    // still tells the client where it stands, and the last notification is always the final count
    if (ended !== seen) {
      const last = seen < 0 ? undefined : view.cards.filter((c) => TERMINAL.has(c.status)).sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))[0];
      await progress(ended, view.cards.length, last ? `${last.id} ${last.status}` : `${ended} of ${view.cards.length} ended`).catch(() => {});
      seen = ended;
    }
    if (!running || Date.now() >= deadline || signal.aborted) {
      const last = foldHistory(readEvents(layout.events)).lastRun;
      const state = running ? 'running' : last?.exitCode !== undefined ? 'ended' : last ? 'died' : 'none';
      const line = state === 'running' ? `still running: ${summary(view.counts)} — call wait again`
        : state === 'ended' ? `the run ended with exit code ${last!.exitCode}: ${summary(view.counts)} — read orch://report`
          : state === 'died' ? 'the runner stopped before the run ended — call run to resume it'
            : 'no run has started — call run';
      return ok(line, { running, state, exitCode: last?.exitCode ?? null, counts: view.counts });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function summary(counts: Record<string, number>): string {
  return Object.entries(counts).filter(([, n]) => n).map(([s, n]) => `${n} ${s}`).join(', ') || 'no cards';
}
