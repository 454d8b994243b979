import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Executor, ExecutorEvents } from '../run/executor.js';
import type { LogEvent } from '../state/events.js';
import type { Layout } from '../state/layout.js';
import { redisOptions } from './connection.js';
import { RemoteExecutor } from './remote-executor.js';
import { startWorker } from './worker.js';
import { headCommit } from './workspace.js';

function backendOf(config: Config): { redis?: string; remote?: string } {
  return config.backend ?? {};
}

export interface BackendChoice {
  redis?: string;
  localToo?: boolean;
  concurrency: number;
}

/**
 * The executor of a run with a Redis backend (`--redis`, or `backend.redis` in the config), or
 * undefined for a run on this machine. `--local-too` also runs a worker inside the head.
 */
export function remoteExecutorFor(layout: Layout, config: Config, choice: BackendChoice, run: string, history: readonly LogEvent[],
  events: ExecutorEvents, notice: (line: string) => void): Executor | undefined {
  const backend = backendOf(config);
  const url = choice.redis ?? backend.redis;
  if (!url) return undefined;
  const redis = redisOptions(url);
  if (typeof redis === 'string') throw new Error(redis);
  const executor = new RemoteExecutor({
    redis, layout, config, commit: headCommit(layout.root), remote: backend.remote ?? layout.root, history, run, notice,
  }, events);
  if (!choice.localToo) return executor;
  const local = startWorker({
    redis, concurrency: choice.concurrency, name: `${os.hostname()}-head-${process.pid}`, clone: layout.root,
    scratch: path.join(os.tmpdir(), `orch-head-worker-${process.pid}`), say: () => {},
  });
  return {
    start: (spec) => executor.start(spec), stop: (card, reason) => executor.stop(card, reason), kill: () => executor.kill(),
    close: async () => { await executor.close(); await local.close(); },
  };
}
