import { execa } from 'execa';

/** How long a process group gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = Number(process.env.ORCH_KILL_GRACE_MS ?? 5000);

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
 * Run one agent process in its own process group, prompt on stdin (then closed). A timeout, a stall
 * or an abort ends the whole group: SIGTERM, then SIGKILL after the grace. Whatever of the group is
 * still alive when the process exits is killed too, so no grandchild outlives its attempt.
 */
export async function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  const child = execa(spec.file, spec.args, {
    shell: spec.shell ?? false,
    input: spec.input,
    cwd: spec.cwd,
    env: spec.env,
    extendEnv: true,
    detached: true,
    reject: false,
    stripFinalNewline: false,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  let stoppedFor: ProcessResult['stoppedFor'];
  let killTimer: NodeJS.Timeout | undefined;
  const pid = child.pid;
  const stop = (why: NonNullable<ProcessResult['stoppedFor']>) => {
    if (stoppedFor || pid === undefined) return;
    stoppedFor = why;
    killGroup(pid, 'SIGTERM');
    killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
  };
  if (pid !== undefined) spec.onSpawn(pid);

  const timeout = setTimeout(() => stop('timeout'), spec.timeoutMs);
  let stallTimer = setTimeout(() => stop('stall'), spec.stallMs);
  const activity = (chunk: Buffer | string) => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stop('stall'), spec.stallMs);
    spec.onOutput(chunk.toString());
  };
  child.stdout?.on('data', activity);
  child.stderr?.on('data', activity);
  const onAbort = () => stop('abort');
  if (spec.signal.aborted) onAbort();
  else spec.signal.addEventListener('abort', onAbort, { once: true });

  const result = await child;
  clearTimeout(timeout);
  clearTimeout(stallTimer);
  clearTimeout(killTimer);
  spec.signal.removeEventListener('abort', onAbort);
  if (pid !== undefined) killGroup(pid, 'SIGKILL');

  const out: ProcessResult = {
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
  };
  if (stoppedFor) out.stoppedFor = stoppedFor;
  if (result.failed && result.exitCode === undefined && !result.signal && result.code) out.spawnError = result.code;
  return out;
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
