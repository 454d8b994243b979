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

/** A process and the value of one environment variable it was started with. */
export interface MarkedProcess {
  pid: number;
  mark: string;
}

/**
 * Every live process whose environment holds `name` (Linux: /proc/<pid>/environ; elsewhere, or
 * without /proc, none are found: the process-group kill is the fallback). Processes of other
 * users cannot be read and are skipped.
 */
export function processesWithVar(name: string): MarkedProcess[] {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const key = Buffer.from(`${name}=`);
  const found: MarkedProcess[] = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    let env: Buffer;
    try {
      env = fs.readFileSync(`/proc/${pid}/environ`);
    } catch {
      continue;
    }
    const at = env.indexOf(key);
    if (at === -1 || (at > 0 && env[at - 1] !== 0)) continue;
    const end = env.indexOf(0, at);
    const mark = env.subarray(at + key.length, end === -1 ? env.length : end).toString('utf8');
    if (isAlive(Number(pid))) found.push({ pid: Number(pid), mark });
  }
  return found;
}

/** The value of one variable in a process's environment, if it can be read. */
export function envOf(pid: number, name: string): string | undefined {
  try {
    const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    const line = env.find((l) => l.startsWith(`${name}=`));
    return line?.slice(name.length + 1);
  } catch {
    return undefined;
  }
}

/**
 * Whether the runner that made run id `<base36 ms>-<pid>` is still alive: its pid lives and that
 * process started before the run did (a reused pid starts later). Off Linux: its pid lives.
 */
export function runIsAlive(run: string): boolean {
  const dash = run.lastIndexOf('-');
  const pid = Number(run.slice(dash + 1));
  const at = parseInt(run.slice(0, dash), 36);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isFinite(at)) return false;
  if (!isAlive(pid)) return false;
  const started = startedAtMs(pid);
  return started === undefined || started <= at + 1000;
}

let bootMs: number | undefined;

/** When a process started, in epoch ms (Linux; clock ticks assumed 100 per second, as on every Linux build). */
function startedAtMs(pid: number): number | undefined {
  const start = readStat(pid)?.start;
  if (!start) return undefined;
  if (bootMs === undefined) {
    try {
      const btime = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1];
      bootMs = btime ? Number(btime) * 1000 : undefined;
    } catch {
      return undefined;
    }
  }
  return bootMs === undefined ? undefined : bootMs + Number(start) * 10;
}

/** processesWithVar without blocking the event loop (the spawner keeps starting processes meanwhile). */
export async function processesWithVarAsync(name: string): Promise<MarkedProcess[]> {
  let pids: string[];
  try {
    pids = (await fs.promises.readdir('/proc')).filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const key = Buffer.from(`${name}=`);
  const found = await Promise.all(pids.map(async (pid): Promise<MarkedProcess | undefined> => {
    if (Number(pid) === process.pid) return undefined;
    let env: Buffer;
    try {
      env = await fs.promises.readFile(`/proc/${pid}/environ`);
    } catch {
      return undefined;
    }
    const at = env.indexOf(key);
    if (at === -1 || (at > 0 && env[at - 1] !== 0)) return undefined;
    const end = env.indexOf(0, at);
    return { pid: Number(pid), mark: env.subarray(at + key.length, end === -1 ? env.length : end).toString('utf8') };
  }));
  return found.filter((p): p is MarkedProcess => p !== undefined && isAlive(p.pid));
}
