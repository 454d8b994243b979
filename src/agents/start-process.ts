import { execa } from 'execa';
import { MARK_VAR } from './mark.js';
import type { LaunchEvents, LaunchSpec } from './launcher.js';
import { OutputSink } from './output-sink.js';

/** After the leader exits, how long its pipes may stay open (held by an escaped grandchild). */
const DRAIN_MS = 1000;
/** Activity is reported at most this often: stall limits are seconds, output chunks are many. */
const ACTIVITY_MS = 50;

const gc = (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc;
let sinceGc = 0;

/**
 * Output chunks are garbage as soon as they are written, but V8 collects them late: at gigabytes a
 * second that is tens of megabytes of RSS. The spawner runs with --expose-gc and collects the
 * young generation every 8 MB of output (a fraction of a millisecond each).
 */
function collect(bytes: number): void {
  sinceGc += bytes;
  if (sinceGc < 8 * 2 ** 20 || !gc) return;
  sinceGc = 0;
  gc({ type: 'minor' });
}

export interface StartOptions {
  /**
   * Kill the process if this one exits (execa's `cleanup`). The spawner ends what it started
   * itself when the runner goes, so it turns this off: execa's exit hook costs per process.
   */
  cleanup: boolean;
}

/**
 * The one place orch starts a process (it runs in the spawner): execa, in a process group of its
 * own (so its whole tree can be signalled), the mark in its environment, the prompt written to
 * stdin and closed, and its output streamed to files (`buffer: false`: nothing piles up in memory).
 * Stopping is orch's (a signal to the group, see kill-tree.ts), so execa's own kill timer is off.
 */
export function startProcess(spec: LaunchSpec, events: LaunchEvents, options: StartOptions = { cleanup: true }): void {
  const child = execa(spec.file, spec.args, {
    cwd: spec.cwd, env: { ...spec.env, [MARK_VAR]: spec.mark }, extendEnv: true, shell: spec.shell,
    detached: process.platform !== 'win32', windowsHide: true, buffer: false, reject: false, cleanup: options.cleanup,
    forceKillAfterDelay: false, stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', stripFinalNewline: false,
  });
  // the prompt, written by hand rather than through `input` (a stream of execa's per process);
  // a process that exits without reading it is no error of orch's
  child.stdin.on('error', () => {});
  child.stdin.end(spec.input);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    events.onClose(sink.end());
  };
  let lastActivity = 0;
  const data = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    sink.write(stream, chunk);
    collect(chunk.length);
    const now = Date.now();
    if (now - lastActivity >= ACTIVITY_MS) {
      lastActivity = now;
      events.onActivity();
    }
  };
  if (child.pid !== undefined) events.onSpawn(child.pid);
  // its files are opened once it is started (creating a file costs more than starting a process
  // on some disks): nothing is lost meanwhile, its pipes are read only from the listeners below
  const sink = new OutputSink(spec);
  child.stdout.on('data', data('stdout'));
  child.stderr.on('data', data('stderr'));
  // execa settles with an error object (command, exit code, signal, cause) instead of throwing.
  void child.then((result) => {
    if (child.pid === undefined) {
      const cause = result.cause as NodeJS.ErrnoException | undefined;
      events.onError(cause?.code ?? result.code ?? 'EUNKNOWN');
      close();
    }
  });
  child.on('exit', (code, signal) => {
    events.onExit(code, signal);
    setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
      close();
    }, DRAIN_MS).unref();
  });
  // a process that never started is closed once execa has settled with its error (above)
  child.on('close', () => {
    if (child.pid !== undefined) close();
  });
}
