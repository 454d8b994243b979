import os from 'node:os';
import path from 'node:path';
import { lazyLocalLauncher } from '../../agents/launcher.js';
import { useLauncher } from '../../agents/process.js';
import { startSpawner } from '../../agents/spawner.js';
import { redisOptions, shownUrl } from '../../remote/connection.js';
import { startWorker } from '../../remote/worker.js';
import { isGitClone } from '../../remote/workspace.js';
import type { Io } from '../io.js';

export interface WorkerFlags {
  redis: string;
  concurrency?: number;
  name?: string;
}

/** `orch worker`: take attempts from the queue until SIGINT or SIGTERM; the running ones finish first. */
export async function workerCommand(io: Io, flags: WorkerFlags): Promise<number> {
  const redis = redisOptions(flags.redis);
  if (typeof redis === 'string') {
    io.err.write(`error ${redis}\n`);
    return 2;
  }
  if (!(await isGitClone(io.cwd))) {
    io.err.write(`error orch worker runs in a clone of the project's repository; ${io.cwd} is not in a git work tree — cd into the clone\n`);
    return 2;
  }
  const name = flags.name ?? `${os.hostname()}-${process.pid}`;
  const concurrency = flags.concurrency ?? 4;
  const scratch = path.join(os.tmpdir(), `orch-worker-${name.replace(/[^\w.-]/g, '_')}`);
  // agents start from a small process of their own that ends them when this one dies (kill -9 included)
  const spawner = startSpawner();
  useLauncher(spawner);
  const worker = startWorker({ redis, concurrency, name, clone: io.cwd, scratch, say: (line) => io.err.write(`${line}\n`) });
  io.err.write(`orch worker ${name}: ${concurrency} slot(s) on ${shownUrl(flags.redis)}; worktrees under ${scratch}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    io.err.write(`orch worker ${name}: stopping after the running attempts end\n`);
    void worker.close();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await worker.closed;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  useLauncher(lazyLocalLauncher);
  spawner.close();
  return 0;
}
