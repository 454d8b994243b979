import { readEvents } from '../state/event-log.js';
import { layoutOf } from '../state/layout.js';
import { isHolderAlive, readLock } from '../state/lock.js';
import { foldHistory } from '../state/history.js';

export type WaitResult =
  | { state: 'ended'; exitCode: number }
  | { state: 'running'; pid: number }
  | { state: 'died'; pid: number }
  | { state: 'none' };

/** Block until the folder's runner is gone or `timeoutMs` passes. */
export async function waitForRun(root: string, timeoutMs: number, pollMs = 100): Promise<WaitResult> {
  const layout = layoutOf(root);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const holder = readLock(layout.lock);
    if (!holder || !isHolderAlive(holder)) break;
    if (Date.now() >= deadline) return { state: 'running', pid: holder.pid };
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
  const last = foldHistory(readEvents(layout.events)).lastRun;
  if (!last) return { state: 'none' };
  if (last.exitCode === undefined) return { state: 'died', pid: last.pid };
  return { state: 'ended', exitCode: last.exitCode };
}
