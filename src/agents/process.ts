import { killGroup, killMarked } from './kill-tree.js';
import { lazyLocalLauncher, type Launcher } from './launcher.js';
import type { Captured, SinkSpec } from './output-sink.js';
import { Terminator, type StopReason } from './terminate.js';

export { killGroup, KILL_GRACE_MS } from './kill-tree.js';

export interface ProcessSpec extends SinkSpec {
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
  /** The attempt's mark (see mark.ts); each process gets its own number under it. */
  mark: string;
  onSpawn: (pid: number) => void;
}

/** How a process ended, and the bounded ends of its output (the whole of it is in files). */
export interface ProcessResult extends Captured {
  exitCode: number | null;
  signal: string | null;
  /** Why orch ended it, if it did. */
  stoppedFor?: StopReason;
  /** The executable could not be started: `ENOENT`, `EACCES`, … */
  spawnError?: string;
}

let launcher: Launcher = lazyLocalLauncher;
let seq = 0;
/** Live processes of this runner: group id → mark. */
const live = new Map<number, string>();

/** Where processes are started from: this process, or the runner's spawner (see spawner.ts). */
export function useLauncher(next: Launcher): void {
  launcher = next;
}

/**
 * Run one process in its own process group, prompt on stdin (then closed), output to the files
 * the spec names. A timeout, a stall or an abort ends the whole group; when the leader exits,
 * whatever is left of its group, and whatever carries its mark, is killed, so nothing outlives it.
 */
export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const term = new Terminator(spec.timeoutMs, spec.stallMs, spec.signal);
    let pid: number | undefined;
    let spawnError: string | undefined;
    let exit: { code: number | null; signal: string | null } | undefined;
    const { file, args, input, cwd, env, logFile, logLimit, stdoutFile, stdoutCap } = spec;
    const launch = { file, args, shell: spec.shell ?? false, input, cwd, env, mark: `${spec.mark}.${seq++}`, logFile, logLimit, stdoutFile, stdoutCap };
    launcher.launch(launch, {
      onSpawn(spawned) {
        pid = spawned;
        live.set(spawned, launch.mark);
        spec.onSpawn(spawned);
        term.spawned(spawned);
      },
      onError(code) {
        spawnError = code;
      },
      onActivity: () => term.activity(),
      onExit(code, signal) {
        exit = { code, signal };
        term.exit();
      },
      onClose(captured) {
        term.dispose();
        if (pid !== undefined) live.delete(pid);
        const result: ProcessResult = { ...captured, exitCode: exit?.code ?? null, signal: exit?.signal ?? null };
        if (term.stoppedFor) result.stoppedFor = term.stoppedFor;
        if (spawnError) result.spawnError = spawnError;
        resolve(result);
      },
    });
  });
}

/** SIGKILL the live processes under a mark prefix (one run's, at a second Ctrl-C): groups and marked ones. */
export function killLive(prefix: string): void {
  for (const [pid, mark] of live) if (mark === prefix || mark.startsWith(`${prefix}.`)) killGroup(pid, 'SIGKILL');
  const kill = (launcher as { kill?: (p: string) => void }).kill;
  if (kill) kill.call(launcher, prefix);
  else killMarked([prefix]);
}
