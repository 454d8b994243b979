import { localLauncher, type Launcher } from './launcher.js';

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

let launcher: Launcher = localLauncher;

/** Where processes are started from: this process, or the runner's spawner (see spawner.ts). */
export function useLauncher(next: Launcher): void {
  launcher = next;
}

/**
 * Run one agent process in its own process group, prompt on stdin (then closed). A timeout, a stall
 * or an abort ends the whole group: SIGTERM, then SIGKILL after the grace. When the leader exits,
 * whatever is left of its group is killed, so no grandchild outlives its attempt. The only place
 * that starts processes; node:child_process rather than execa, as this is every card's hot path.
 */
export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    let pid: number | undefined;
    let stoppedFor: ProcessResult['stoppedFor'];
    let spawnError: string | undefined;
    let exit: { code: number | null; signal: string | null } | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const stop = (why: NonNullable<ProcessResult['stoppedFor']>) => {
      if (stoppedFor || exit) return;
      stoppedFor = why;
      if (pid === undefined) return; // killed as soon as it is spawned
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid!, 'SIGKILL'), KILL_GRACE_MS);
    };
    const timeout = setTimeout(() => stop('timeout'), spec.timeoutMs);
    const stallTimer = setTimeout(() => stop('stall'), spec.stallMs);
    const onAbort = () => stop('abort');
    if (spec.signal.aborted) onAbort();
    else spec.signal.addEventListener('abort', onAbort, { once: true });

    launcher.launch(
      { file: spec.file, args: spec.args, shell: spec.shell ?? false, cwd: spec.cwd, env: spec.env, input: spec.input },
      {
        onSpawn(spawned) {
          pid = spawned;
          spec.onSpawn(spawned);
          if (stoppedFor) {
            killGroup(spawned, 'SIGTERM');
            killTimer = setTimeout(() => killGroup(spawned, 'SIGKILL'), KILL_GRACE_MS);
          }
        },
        onError(code) {
          spawnError = code;
        },
        onData(stream, chunk) {
          (stream === 'stdout' ? stdout : stderr).push(chunk);
          stallTimer.refresh();
          spec.onOutput(chunk);
        },
        onExit(code, signal) {
          exit = { code, signal };
          if (pid !== undefined) killGroup(pid, 'SIGKILL');
        },
        onClose() {
          clearTimeout(timeout);
          clearTimeout(stallTimer);
          clearTimeout(killTimer);
          spec.signal.removeEventListener('abort', onAbort);
          const result: ProcessResult = { exitCode: exit?.code ?? null, signal: exit?.signal ?? null, stdout: stdout.join(''), stderr: stderr.join('') };
          if (stoppedFor) result.stoppedFor = stoppedFor;
          if (spawnError) result.spawnError = spawnError;
          resolve(result);
        },
      },
    );
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
