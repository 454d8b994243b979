import os from 'node:os';
import path from 'node:path';
import { lazyLocalLauncher } from '../../agents/launcher.js';
import { useLauncher } from '../../agents/process.js';
import { startSpawner } from '../../agents/spawner.js';
import { redisOptions, shownUrl } from '../../remote/connection.js';
import { startWorker } from '../../remote/worker.js';
import type { Closed } from '../../remote/worker-stop.js';
import { isGitClone } from '../../remote/workspace.js';
import type { Io } from '../io.js';

export interface WorkerFlags {
  redis: string;
  concurrency?: number;
  name?: string;
}

/**
 * `orch worker`: take attempts from the queue until SIGINT or SIGTERM; the running ones finish
 * first, unless Redis is gone or a second signal comes: then they are stopped. Exit 1 when Redis
 * did not hear the worker leave.
 */
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
  const worker = await startWorker({ redis, concurrency, name, clone: io.cwd, scratch, say: (line) => io.err.write(`${line}\n`) });
  if (typeof worker === 'string') {
    spawner.close();
    io.err.write(`error ${worker}\n`);
    return 2;
  }
  io.err.write(`orch worker ${name}: ${concurrency} slot(s) on ${shownUrl(flags.redis)}; worktrees under ${scratch}\n`);
  // the first signal lets the running attempts finish (unless Redis is gone); a second stops them now
  let signals = 0;
  let stopped!: (closing: Promise<Closed>) => void;
  const closing = new Promise<Closed>((resolve) => (stopped = resolve));
  const stop = () => stopped(worker.close(++signals > 1));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const closed = await closing;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  useLauncher(lazyLocalLauncher);
  spawner.close();
  io.err.write(`orch worker ${name}: ${stoppedLine(closed)}\n`);
  return closed.told ? 0 : 1;
}

/** What a stopped worker says last: what it stopped, and what becomes of their jobs. */
function stoppedLine({ stopped, told }: Closed): string {
  const [jobs, stay, them] = stopped === 1 ? ['its job', 'stays', 'it'] : ['their jobs', 'stay', 'them'];
  const ran = `stopped ${stopped} running attempt${stopped === 1 ? '' : 's'}`;
  if (!told && stopped) return `${ran}; Redis did not answer, so ${jobs} ${stay} active there until BullMQ's stalled-job check gives ${them} to another worker`;
  if (!told) return 'stopped; Redis did not answer (orch workers may list this worker for 8 s more)';
  return stopped ? `${ran}; BullMQ's stalled-job check gives ${jobs} to another worker` : 'stopped';
}
