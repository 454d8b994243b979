import { killGroup, KILL_GRACE_MS } from '../agents/process.js';
import type { OpenAttempt } from '../state/history.js';
import { MARK_VAR, runOfMark } from '../agents/mark.js';
import { envOf, groupHasMembers, isAlive, processesWithVar, runIsAlive } from '../state/proc.js';

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

/**
 * SIGKILL every process that carries the mark of a run that is no longer alive (and is not this
 * one) and works for this project (its ORCH_DIR, or an ORCH_DIR `owns` accepts: a worker's jobs):
 * daemons an agent started with setsid or a double fork, agents whose `spawned` record never made
 * it to the log, agents of a worker killed with its spawner. Returns how many were killed.
 */
export function stopMarkedOrphans(owns: string | ((orchDir: string) => boolean)): number {
  const ours = typeof owns === 'string' ? (dir: string) => dir === owns : owns;
  let n = 0;
  const dead = new Map<string, boolean>();
  for (const { pid, mark } of processesWithVar(MARK_VAR)) {
    const run = runOfMark(mark);
    if (!dead.has(run)) dead.set(run, !runIsAlive(run));
    if (!dead.get(run) || !ours(envOf(pid, 'ORCH_DIR') ?? '')) continue;
    try {
      process.kill(pid, 'SIGKILL');
      n++;
    } catch {
      // gone meanwhile
    }
  }
  return n;
}
