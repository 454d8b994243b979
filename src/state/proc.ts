import fs from 'node:fs';

/** A process's start time (clock ticks since boot, from /proc/<pid>/stat), to tell a reused pid apart. */
export function processStartTime(pid: number): string | undefined {
  return readStat(pid)?.start;
}

/** Alive means: it exists, is not a zombie, and (when given) started at `start`. */
export function isAlive(pid: number, start?: string): boolean {
  const stat = readStat(pid);
  if (stat) return stat.state !== 'Z' && stat.state !== 'X' && (start === undefined || stat.start === start);
  if (process.platform === 'linux') return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readStat(pid: number): { state: string; start: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', start: fields[19] ?? '' };
}

/** Whether any live process belongs to process group `pgid` (Linux: scans /proc). */
export function groupHasMembers(pgid: number): boolean {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return false;
  }
  for (const pid of pids) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}
