import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { AttemptSpec, Executor, ExecutorEvents } from '../run/executor.js';
import type { LogEvent } from '../state/events.js';
import type { Layout } from '../state/layout.js';
import { OrchError } from '../errors.js';
import { redisOptions } from './connection.js';

export interface BackendChoice {
  redis?: string;
  localToo?: boolean;
  concurrency: number;
}

/**
 * The executor of a run with a Redis backend (`--redis`, or `backend.redis` in the config), or
 * undefined for a run on this machine. BullMQ loads only then: a local run never pays for it.
 * `--local-too` also runs a worker inside the head, on the head's own repository.
 */
export function remoteExecutorFor(layout: Layout, config: Config, choice: BackendChoice, run: string, history: readonly LogEvent[],
  events: ExecutorEvents, notice: (line: string) => void): Executor | undefined {
  const backend = (config as { backend?: { redis?: string; remote?: string } }).backend ?? {};
  const url = choice.redis ?? backend.redis;
  if (!url) return undefined;
  const redis = redisOptions(url);
  if (typeof redis === 'string') {
    throw new OrchError(choice.redis ? 'USAGE' : 'CONFIG_FIELD', choice.redis ? redis : redis.replace(/^--redis/, 'backend.redis'), { hint: 'write redis://host:6379 or rediss://user:password@host:6380' });
  }
  const loaded = (async () => {
    const [{ RemoteExecutor }, { findRepo, revParse }] = await Promise.all([import('./remote-executor.js'), import('../workspace/repo.js')]);
    const head = revParse(layout.root, 'HEAD');
    const repo = await findRepo(layout.root);
    const remote = backend.remote ?? repo?.top ?? layout.root;
    const send = (sent: ExecutorEvents, commitOf: (spec: AttemptSpec) => Promise<string | undefined>) =>
      new RemoteExecutor({ redis, layout, config, commitOf, remote, history, run, notice, ...(repo?.prefix ? { prefix: repo.prefix } : {}) }, sent);
    let executor: Executor;
    if (repo) {
      const [{ MergeBackExecutor }, { Workspaces }, { workspaceSettings }] = await Promise.all([
        import('./merge-back.js'), import('../workspace/workspaces.js'), import('../workspace/settings.js')]);
      executor = new MergeBackExecutor(layout, config, events, new Workspaces(repo, layout.root, workspaceSettings(config, layout.root)), remote, head, send);
    } else executor = send(events, () => head);
    if (!choice.localToo) return { executor };
    const { startWorker } = await import('./worker.js');
    const local = await startWorker({
      redis, concurrency: choice.concurrency, name: `${os.hostname()}-head-${process.pid}`, clone: layout.root,
      scratch: path.join(os.tmpdir(), `orch-head-worker-${process.pid}`), say: () => {},
    });
    if (typeof local === 'string') {
      notice(`orch: --local-too: ${local}`);
      return { executor };
    }
    return { executor, local };
  })();
  return {
    start: (spec) => void loaded.then(({ executor }) => executor.start(spec)),
    stop: (card, reason) => void loaded.then(({ executor }) => executor.stop(card, reason)),
    kill: () => void loaded.then(({ executor }) => executor.kill()),
    close: async () => {
      const { executor, local } = await loaded;
      await executor.close();
      await local?.close();
    },
  };
}
