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

/**
 * The one place orch starts a process (it runs in the spawner): execa, in a process group of its
 * own (so its whole tree can be signalled), the mark in its environment, the prompt written to
 * stdin and closed, and its output streamed to files (`buffer: false`: nothing piles up in memory).
 */
export function startProcess(spec: LaunchSpec, events: LaunchEvents): void {
  const sink = new OutputSink(spec);
  const child = execa(spec.file, spec.args, {
    cwd: spec.cwd, env: { ...spec.env, [MARK_VAR]: spec.mark }, extendEnv: true, shell: spec.shell,
    detached: process.platform !== 'win32', windowsHide: true, buffer: false, reject: false, cleanup: true,
    input: spec.input, stdout: 'pipe', stderr: 'pipe', stripFinalNewline: false,
  });
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
