import { spawn } from 'node:child_process';
import { processesWithVar } from '../state/proc.js';
import { MARK_VAR, markUnder } from './mark.js';

/** How long a process group gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = Number(process.env.ORCH_KILL_GRACE_MS ?? 5000);

/**
 * Signal a whole process tree: its process group on POSIX (agents lead their own group), and
 * `taskkill /T` on Windows (SIGKILL adds /F). A tree that is already gone is fine.
 */
export function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (process.platform === 'win32') {
    const args = ['/PID', String(pgid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])];
    try {
      spawn('taskkill', args, { stdio: 'ignore', windowsHide: true }).on('error', () => {}).unref();
      return true;
    } catch {
      return false;
    }
  }
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGKILL every process whose mark is under one of `prefixes` (daemons started with setsid or a
 * double fork are outside the group but still carry the mark). Returns how many were signalled.
 */
export function killMarked(prefixes: Iterable<string>, signal: NodeJS.Signals = 'SIGKILL'): number {
  const wanted = [...prefixes];
  if (!wanted.length) return 0;
  let n = 0;
  for (const { pid, mark } of processesWithVar(MARK_VAR)) {
    if (!wanted.some((p) => markUnder(mark, p))) continue;
    try {
      process.kill(pid, signal);
      n++;
    } catch {
      // gone meanwhile
    }
  }
  return n;
}
