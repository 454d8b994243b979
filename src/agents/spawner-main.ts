/**
 * The spawner: a small process that starts agent processes for the runner. fork() costs time in
 * proportion to the memory of the process that forks, so a runner holding 10,000 cards would
 * spend most of its time spawning; this process stays small. It relays what happens over IPC.
 * If the runner dies (its IPC channel closes), the spawner stops every agent it still runs.
 */
import { launchHere } from './launcher.js';
import { KILL_GRACE_MS, killGroup } from './process.js';
import type { SpawnerReply, SpawnerRequest } from './spawner-protocol.js';

/** Replies are dropped once the runner is gone: its agents are stopped below instead. */
const send = (reply: SpawnerReply) => {
  if (process.connected) process.send?.(reply);
};
const live = new Set<number>();

process.on('message', ({ id, spec }: SpawnerRequest) => {
  let pid: number | undefined;
  launchHere(spec, {
    onSpawn: (spawned) => {
      pid = spawned;
      live.add(spawned);
      send({ id, type: 'spawn', pid: spawned });
    },
    onError: (code) => send({ id, type: 'error', code }),
    onData: (stream, chunk) => send({ id, type: 'data', stream, chunk }),
    onExit: (code, signal) => send({ id, type: 'exit', code, signal }),
    onClose: () => {
      if (pid !== undefined) live.delete(pid);
      send({ id, type: 'close' });
    },
  });
});

// Ctrl-C and a SIGTERM to the runner's group reach us too: the runner decides how agents stop.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
send({ id: 0, type: 'ready' });
process.on('disconnect', () => {
  for (const pid of live) killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + KILL_GRACE_MS;
  const check = setInterval(() => {
    if (live.size && Date.now() < deadline) return;
    for (const pid of live) killGroup(pid, 'SIGKILL');
    clearInterval(check);
    process.exit(0);
  }, 20);
});
