import { spawn } from 'node:child_process';

/** What to start: a program (or a shell command line), where, with what extra env and stdin. */
export interface LaunchSpec {
  file: string;
  args: string[];
  shell: boolean;
  cwd: string;
  /** Added to the environment of the process that launches it. */
  env: Record<string, string>;
  input: string;
}

/** What a launched process does, as it happens. Exactly one of onSpawn / onError comes first. */
export interface LaunchEvents {
  onSpawn(pid: number): void;
  onError(code: string): void;
  onData(stream: 'stdout' | 'stderr', chunk: string): void;
  onExit(code: number | null, signal: string | null): void;
  /** Output is complete: the pipes are closed (or given up on after the leader exited). */
  onClose(): void;
}

export interface Launcher {
  launch(spec: LaunchSpec, events: LaunchEvents): void;
  close(): void;
}

/** After the leader exits, how long its pipes may stay open (held by an escaped grandchild). */
const DRAIN_MS = 1000;

/**
 * Start a process in its own process group (so its whole tree can be signalled), write the prompt
 * to its stdin and close it; a program that ignores stdin is fine.
 */
export function launchHere(spec: LaunchSpec, events: LaunchEvents): void {
  const child = spawn(spec.file, spec.args, {
    cwd: spec.cwd, env: { ...process.env, ...spec.env }, detached: true, shell: spec.shell, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    events.onClose();
  };
  if (child.pid !== undefined) events.onSpawn(child.pid);
  child.on('error', (error: NodeJS.ErrnoException) => {
    if (child.pid === undefined) {
      events.onError(error.code ?? error.message);
      close();
    }
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => events.onData('stdout', chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => events.onData('stderr', chunk));
  child.stdin.on('error', () => {}); // EPIPE: the program did not read its stdin
  child.stdin.end(spec.input);
  child.on('exit', (code, signal) => {
    events.onExit(code, signal);
    setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
      close();
    }, DRAIN_MS).unref();
  });
  child.on('close', close);
}

/** Launch from this process. */
export const localLauncher: Launcher = { launch: launchHere, close: () => {} };
