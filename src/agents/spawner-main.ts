/**
 * The spawner: a small process that starts agent processes for the runner. fork() costs time in
 * proportion to the memory of the process that forks, so a runner holding 10,000 cards would
 * spend most of its time spawning; this process stays small. It writes their output to files and
 * relays the rest over IPC. If the runner dies (its IPC channel closes), it ends every process it
 * started, and every process carrying their marks, within a second.
 */
import { MarkSweeper } from './cleanup.js';
import { killGroup, killMarked } from './kill-tree.js';
import { markUnder, runOfMark } from './mark.js';
import { startProcess } from './start-process.js';
import type { SpawnerReply, SpawnerRequest } from './spawner-protocol.js';

/** When the runner is gone: SIGTERM, then SIGKILL after this (or the shorter kill grace). */
const ORPHAN_GRACE_MS = Math.min(500, Number(process.env.ORCH_KILL_GRACE_MS ?? 500));

/** Replies are dropped once the runner is gone: its agents are stopped below instead. */
const send = (reply: SpawnerReply) => {
  if (process.connected) process.send?.(reply);
};
/** Live process groups and their marks. */
const live = new Map<number, string>();
const runs = new Set<string>();
const sweeper = new MarkSweeper();

process.on('message', (request: SpawnerRequest) => {
  if (request.type === 'kill') {
    for (const [pid, mark] of live) if (markUnder(mark, request.prefix)) killGroup(pid, 'SIGKILL');
    killMarked([request.prefix]);
    return;
  }
  const { id, spec } = request;
  runs.add(runOfMark(spec.mark));
  let pid: number | undefined;
  startProcess(spec, {
    onSpawn: (spawned) => {
      pid = spawned;
      live.set(spawned, spec.mark);
      send({ id, type: 'spawn', pid: spawned });
    },
    onError: (code) => send({ id, type: 'error', code }),
    onActivity: () => send({ id, type: 'data' }),
    onExit: (code, signal) => send({ id, type: 'exit', code, signal }),
    onClose: (captured) => {
      if (pid !== undefined) live.delete(pid);
      send({ id, type: 'close', captured });
      sweeper.ended(pid, spec.mark);
    },
  }, { cleanup: false });
});

// Ctrl-C and a SIGTERM to the runner's group reach us too: the runner decides how agents stop.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});

let stopping = false;
function stopAll(): void {
  if (stopping) return;
  stopping = true;
  for (const pid of live.keys()) killGroup(pid, 'SIGTERM');
  killMarked(runs, 'SIGTERM');
  const deadline = Date.now() + ORPHAN_GRACE_MS;
  const check = setInterval(() => {
    if (live.size && Date.now() < deadline) return;
    clearInterval(check);
    for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
    sweeper.flush();
    killMarked(runs);
    process.exit(0);
  }, 10);
}
process.on('disconnect', stopAll);
if (!process.connected) stopAll();
else send({ id: 0, type: 'ready' });
