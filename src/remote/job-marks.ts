import path from 'node:path';
import { stopMarkedOrphans } from '../run/orphans.js';

/**
 * A worker process's id in its agents' marks (ORCH_ATTEMPT_MARK=<session>.<card>.<attempt>.<n>):
 * `<start in base 36>-<pid>`, the shape of a run id, so a mark tells whether its worker still lives.
 */
export function workerSession(now = Date.now()): string {
  return `${now.toString(36)}-${process.pid}`;
}

/** Scratch folders of workers: `<tmp>/orch-worker-<name>` (`orch worker`), `<tmp>/orch-head-worker-<pid>` (`--local-too`). */
export const SCRATCH_PREFIXES = ['orch-worker-', 'orch-head-worker-'];

/** Where a job keeps its prompts and logs: its agents' ORCH_DIR is `<that>/.orchestrator`. */
export function jobRoot(scratch: string, id: string): string {
  return path.join(scratch, 'jobs', id);
}

/** Is `orchDir` the ORCH_DIR of a job of a worker whose scratch folder sits beside `scratch`? */
export function isWorkerJobDir(orchDir: string, scratch: string): boolean {
  const jobs = path.dirname(path.dirname(orchDir));
  const own = path.dirname(jobs);
  return path.basename(orchDir) === '.orchestrator' && path.basename(jobs) === 'jobs' && path.dirname(own) === path.dirname(scratch)
    && SCRATCH_PREFIXES.some((prefix) => path.basename(own).startsWith(prefix));
}

/**
 * SIGKILL the agents that workers on this machine left running when they died together with their
 * spawner (a kill -9 of the worker's process group, the OOM killer): marked, their worker gone.
 * A worker killed alone needs none of this: its spawner ends its agents within a second.
 */
export function stopDeadWorkersAgents(scratch: string): number {
  return stopMarkedOrphans((orchDir) => isWorkerJobDir(orchDir, scratch));
}
