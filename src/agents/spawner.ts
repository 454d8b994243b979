import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LaunchEvents, Launcher, LaunchSpec } from './launcher.js';
import type { SpawnerReply, SpawnerRequest } from './spawner-protocol.js';

export interface SpawnerLauncher extends Launcher {
  /** Kill the live processes (groups and marks) under a mark prefix, e.g. one run's. */
  kill(prefix: string): void;
}

/**
 * A Launcher that asks the spawner process (spawner-main) to start every process: launches made
 * before it is ready wait for it, so no agent is ever started by the runner itself (it would
 * outlive a kill -9 of the runner). If the spawner dies, what it ran is reported as killed and
 * later launches fail with `ESPAWNER`.
 */
export function startSpawner(): SpawnerLauncher {
  const child: ChildProcess = fork(fileURLToPath(new URL('./spawner-main.js', import.meta.url)), [], {
    // a young generation of 1 MB: fork() copies the page tables of what the spawner has mapped,
    // and V8's default lets it grow to ~100 MB RSS here instead of ~80
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc', '--max-semi-space-size=1'],
  });
  const running = new Map<number, LaunchEvents>();
  const queued: SpawnerRequest[] = [];
  let nextId = 1;
  let alive = true;
  let ready = false;
  child.on('message', (reply: SpawnerReply) => {
    if (reply.type === 'ready') {
      ready = true;
      for (const request of queued.splice(0)) child.send(request);
      return;
    }
    const events = running.get(reply.id);
    if (!events) return;
    if (reply.type === 'spawn') events.onSpawn(reply.pid);
    else if (reply.type === 'error') events.onError(reply.code);
    else if (reply.type === 'data') events.onActivity();
    else if (reply.type === 'exit') events.onExit(reply.code, reply.signal);
    else {
      running.delete(reply.id);
      events.onClose(reply.captured);
    }
  });
  child.on('exit', () => {
    alive = false;
    queued.length = 0;
    for (const events of running.values()) {
      events.onExit(null, 'SIGKILL');
      events.onClose({ stdout: '', stderr: '', tail: '', bytes: 0 });
    }
    running.clear();
  });
  const send = (request: SpawnerRequest) => {
    if (ready) child.send(request);
    else queued.push(request);
  };
  return {
    launch(spec: LaunchSpec, events: LaunchEvents) {
      if (!alive) {
        events.onError('ESPAWNER');
        events.onClose({ stdout: '', stderr: '', tail: '', bytes: 0 });
        return;
      }
      const id = nextId++;
      running.set(id, events);
      send({ id, type: 'launch', spec });
    },
    kill(prefix: string) {
      if (alive) send({ id: 0, type: 'kill', prefix });
    },
    close() {
      if (alive) child.disconnect();
      child.unref(); // it stops by itself; the runner need not wait for it to exit
    },
  };
}
