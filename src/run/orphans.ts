import { killGroup, KILL_GRACE_MS } from '../agents/process.js';
import type { OpenAttempt } from '../state/history.js';
import { groupHasMembers, isAlive } from '../state/proc.js';

/**
 * Stop the process groups of attempts a dead runner left behind, before their cards run again. A
 * leader is only signalled if it is the very process recorded (same start time), so a reused pid is
 * never hit; a group whose leader is gone but whose children live on is killed as a group (Linux
 * never reuses a pid while a group of that id exists).
 */
export async function stopOrphans(open: readonly OpenAttempt[]): Promise<OpenAttempt[]> {
  const stopped: OpenAttempt[] = [];
  for (const attempt of open) {
    if (attempt.worker !== undefined) continue; // a process on a worker's machine, not this one's
    const leaderAlive = isAlive(attempt.pid, attempt.pidStart);
    if (!leaderAlive && !groupHasMembers(attempt.pid)) continue;
    killGroup(attempt.pid, leaderAlive ? 'SIGTERM' : 'SIGKILL');
    stopped.push(attempt);
  }
  const deadline = Date.now() + KILL_GRACE_MS;
  while (stopped.some((a) => groupHasMembers(a.pid)) && Date.now() < deadline) await sleep(20);
  for (const attempt of stopped) if (groupHasMembers(attempt.pid)) killGroup(attempt.pid, 'SIGKILL');
  return stopped;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
