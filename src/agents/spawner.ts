import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launchHere, type LaunchEvents, type Launcher, type LaunchSpec } from './launcher.js';
import type { SpawnerReply, SpawnerRequest } from './spawner-protocol.js';

/**
 * A Launcher that asks the spawner process (spawner-main) to start processes. Until the spawner
 * is up, and if it dies, processes are started here: the runner is still small at its start, so
 * the first agents start at once. If it dies, what it was running is reported as killed.
 */
export function startSpawner(): Launcher {
  const child: ChildProcess = fork(fileURLToPath(new URL('./spawner-main.js', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [],
  });
  const running = new Map<number, LaunchEvents>();
  let nextId = 1;
  let alive = true;
  let ready = false;
  child.on('message', (reply: SpawnerReply) => {
    if (reply.type === 'ready') {
      ready = true;
      return;
    }
    const events = running.get(reply.id);
    if (!events) return;
    if (reply.type === 'spawn') events.onSpawn(reply.pid);
    else if (reply.type === 'error') events.onError(reply.code);
    else if (reply.type === 'data') events.onData(reply.stream, reply.chunk);
    else if (reply.type === 'exit') events.onExit(reply.code, reply.signal);
    else {
      running.delete(reply.id);
      events.onClose();
    }
  });
  child.on('exit', () => {
    alive = false;
    for (const events of running.values()) {
      events.onExit(null, 'SIGKILL');
      events.onClose();
    }
    running.clear();
  });
  return {
    launch(spec: LaunchSpec, events: LaunchEvents) {
      if (!alive || !ready) return launchHere(spec, events);
      const id = nextId++;
      running.set(id, events);
      const request: SpawnerRequest = { id, spec };
      child.send(request);
    },
    close() {
      if (alive) child.disconnect();
      child.unref(); // it stops by itself; the runner need not wait for it to exit
    },
  };
}
