import fs from 'node:fs';
import { useLauncher } from '../agents/process.js';
import { localLauncher } from '../agents/launcher.js';
import { startSpawner } from '../agents/spawner.js';
import { diagnostic, hasErrors } from '../errors.js';
import { loadProject } from '../project/load.js';
import { rel } from '../state/layout.js';
import { acquireLock, releaseLock } from '../state/lock.js';
import type { Progress } from './progress.js';
import { restrictGraph } from './reload.js';
import { Run } from './run.js';

export interface RunOptions {
  root: string;
  progress: Progress;
  concurrency?: number;
  only?: string[];
  failFast?: boolean;
  /** Pick up card changes during the run (default true). */
  watch?: boolean;
  random?: () => number;
  /** A Redis backend: attempts go to `orch worker`s (src/remote/); `localToo` also runs a worker in the head. */
  redis?: string;
  localToo?: boolean;
}

/** `orch run`: validate, take the lock, resume from the event log, run to the end. Returns the exit code. */
export async function runProject(options: RunOptions): Promise<number> {
  // started first, so it boots while the cards are read
  const spawner = startSpawner();
  useLauncher(spawner);
  try {
    return await prepareAndRun(options);
  } finally {
    useLauncher(localLauncher);
    spawner.close();
  }
}

async function prepareAndRun(options: RunOptions): Promise<number> {
  const { progress } = options;
  const project = loadProject(options.root);
  for (const d of project.diagnostics) progress.diagnostic(d);
  if (hasErrors(project.diagnostics)) return 2;
  let graph = project.graph;
  if (options.only?.length) {
    const restricted = restrictGraph(graph, options.only);
    if (restricted.unknown.length) {
      progress.diagnostic(diagnostic('USAGE', `--only: unknown card ${restricted.unknown.map((x) => `"${x}"`).join(', ')}`, { hint: 'name ids of existing cards' }));
      return 2;
    }
    graph = restricted.graph;
  }
  const { layout } = project;
  const lock = acquireLock(layout.lock);
  if (!lock.ok) {
    progress.diagnostic(diagnostic('STATE_LOCKED', `another run holds ${rel(layout, layout.dir)} (pid ${lock.holder.pid}, started ${lock.holder.startedAt})`, {
      hint: 'wait for it with `orch wait`, or stop it',
    }));
    return 2;
  }
  if (lock.takenOver) progress.notice(`orch: took over the lock of a run that died (pid ${lock.takenOver.pid}, started ${lock.takenOver.startedAt})`);
  try {
    fs.rmSync(layout.tmp, { recursive: true, force: true }); // only the lock holder may clear it
    for (const dir of [layout.results, layout.previous, layout.logs, layout.prompts, layout.tmp]) fs.mkdirSync(dir, { recursive: true });
    return await new Run(project, graph, options).execute();
  } finally {
    releaseLock(layout.lock);
  }
}
