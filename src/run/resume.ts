import type { LogEvent } from '../state/events.js';
import { foldHistory, type History } from '../state/history.js';
import { stopOrphans } from './orphans.js';

/**
 * Before a run starts: what the event log says of earlier runs. Agents a dead runner left are
 * stopped first, and their attempts recorded as interrupted (no attempt is charged for them).
 */
export async function resume(events: readonly LogEvent[], run: string, record: (event: LogEvent) => void, notice: (line: string) => void): Promise<History> {
  const history = foldHistory(events);
  const stopped = await stopOrphans(history.openAttempts);
  if (stopped.length) notice(`orch: stopped ${stopped.length} agent process group(s) left by a run that died`);
  for (const open of history.openAttempts) {
    record({
      type: 'card', t: Date.now(), run: open.run, card: open.card, from: 'running', to: 'cancelled', attempt: open.attempt,
      errorKind: 'interrupted', message: `the runner stopped before this attempt ended (resumed by ${run})`,
    });
  }
  return history;
}
