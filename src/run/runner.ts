import { useLauncher } from '../agents/process.js';
import { lazyLocalLauncher } from '../agents/launcher.js';
import { startSpawner } from '../agents/spawner.js';
import { diagnostic, formatDiagnostic, hasErrors, OrchError } from '../errors.js';
import { loadProject, type Project } from '../project/load.js';
import type { Graph } from '../graph/build.js';
import { rel } from '../state/layout.js';
import { acquireLock, ownLockInfo, releaseLock } from '../state/lock.js';
import { checkStateFolder, ensureStateDirs } from '../state/state-dirs.js';
import type { Progress } from './progress.js';
import { reportFaultsTo } from './markdown-files.js';
import { restrictGraph } from './reload.js';
import { boundHeap } from './heap-bound.js';
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
  /** Run these cards (`--force <ids…>`), or all (`-B`), whatever their fingerprints. */
  force?: string[] | 'all';
}

/** `orch run`: validate, take the lock, resume from the event log, run to the end. Returns the exit code. */
export async function runProject(options: RunOptions): Promise<number> {
  // started first, so it boots while the cards are read
  const spawner = startSpawner();
  useLauncher(spawner);
  try {
    return await prepareAndRun(options);
  } finally {
    useLauncher(lazyLocalLauncher);
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
  const unforced = Array.isArray(options.force) ? options.force.filter((id) => !graph.cards.has(id)) : [];
  if (unforced.length) {
    progress.diagnostic(diagnostic('USAGE', `--force: unknown card ${unforced.map((x) => `"${x}"`).join(', ')}`, { hint: 'name ids of existing cards' }));
    return 2;
  }
  try {
    return await lockAndRun(project, graph, options);
  } catch (error) {
    // a state path that is a link, a folder or unwritable: one line, exit 2, never a stack trace
    if (!(error instanceof OrchError)) throw error;
    progress.diagnostic(error.toDiagnostic());
    return 2;
  }
}

async function lockAndRun(project: Project, graph: Graph, options: RunOptions): Promise<number> {
  const { layout } = project;
  const { progress } = options;
  reportFaultsTo((fault) => progress.notice(`orch: ${formatDiagnostic(fault.toDiagnostic())} (the run goes on)`));
  checkStateFolder(layout);
  const lock = acquireLock(layout.lock, ownLockInfo(), { waitMs: 3000 }); // an `orch add` or `orch reset` is over in ms
  if (!lock.ok) {
    if ('problem' in lock) throw lock.problem;
    progress.diagnostic(diagnostic('STATE_LOCKED', `another run holds ${rel(layout, layout.dir)} (pid ${lock.holder.pid}, started ${lock.holder.startedAt})`, {
      hint: 'wait for it with `orch wait`, or stop it',
    }));
    return 2;
  }
  if (lock.takenOver) progress.notice(`orch: took over the lock of a run that died (pid ${lock.takenOver.pid}, started ${lock.takenOver.startedAt})`);
  const unbound = boundHeap();
  try {
    ensureStateDirs(layout); // only the lock holder may clear tmp/; links in place of a folder are refused
    return await new Run(project, graph, options).execute();
  } finally {
    unbound();
    releaseLock(layout.lock);
  }
}
