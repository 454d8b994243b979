import { spawn } from 'node:child_process';

/** How long a process group gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = Number(process.env.ORCH_KILL_GRACE_MS ?? 5000);

/** After the leader exits, how long its pipes may stay open (held by an escaped grandchild). */
const DRAIN_MS = 1000;

export interface ProcessSpec {
  file: string;
  args: string[];
  /** Run `file` as a shell command line (a card's own `command` string). */
  shell?: boolean;
  input: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  stallMs: number;
  signal: AbortSignal;
  onOutput: (chunk: string) => void;
  onSpawn: (pid: number) => void;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Why orch ended it, if it did. */
  stoppedFor?: 'timeout' | 'stall' | 'abort';
  /** The executable could not be started: `ENOENT`, `EACCES`, … */
  spawnError?: string;
}

/**
 * Run one agent process in its own process group, prompt on stdin (then closed; a program that
 * ignores stdin is fine). A timeout, a stall or an abort ends the whole group: SIGTERM, then SIGKILL
 * after the grace. When the leader exits, whatever is left of its group is killed, so no grandchild
 * outlives its attempt. Node's own spawn, not execa: this is the hot path of every card, and execa's
 * extra layers cost more than the whole rest of the runner per card (see README, Dependencies).
 */
export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(spec.file, spec.args, {
      cwd: spec.cwd, env: { ...process.env, ...spec.env }, detached: true, shell: spec.shell ?? false, stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: string[] = [];
    const stderr: string[] = [];
    let stoppedFor: ProcessResult['stoppedFor'];
    let spawnError: string | undefined;
    let exit: { code: number | null; signal: string | null } | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    const pid = child.pid;

    const stop = (why: NonNullable<ProcessResult['stoppedFor']>) => {
      if (stoppedFor || exit || pid === undefined) return;
      stoppedFor = why;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    const timeout = setTimeout(() => stop('timeout'), spec.timeoutMs);
    let stallTimer = setTimeout(() => stop('stall'), spec.stallMs);
    const onData = (into: string[]) => (chunk: string) => {
      into.push(chunk);
      stallTimer.refresh();
      spec.onOutput(chunk);
    };
    child.stdout.setEncoding('utf8').on('data', onData(stdout));
    child.stderr.setEncoding('utf8').on('data', onData(stderr));
    child.stdin.on('error', () => {}); // EPIPE: the program did not read its stdin
    child.stdin.end(spec.input);
    const onAbort = () => stop('abort');
    if (spec.signal.aborted) onAbort();
    else spec.signal.addEventListener('abort', onAbort, { once: true });
    if (pid !== undefined) spec.onSpawn(pid);

    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      clearTimeout(stallTimer);
      clearTimeout(killTimer);
      clearTimeout(drainTimer);
      spec.signal.removeEventListener('abort', onAbort);
      const result: ProcessResult = { exitCode: exit?.code ?? null, signal: exit?.signal ?? null, stdout: stdout.join(''), stderr: stderr.join('') };
      if (stoppedFor) result.stoppedFor = stoppedFor;
      if (spawnError) result.spawnError = spawnError;
      resolve(result);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code ?? error.message;
      if (pid === undefined) finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      if (pid !== undefined) killGroup(pid, 'SIGKILL');
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, DRAIN_MS);
    });
    child.on('close', finish);
  });
}

/** Signal a whole process group; a group that is already gone is fine. */
export function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
