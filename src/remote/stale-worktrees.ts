import fs from 'node:fs';
import path from 'node:path';
import { runIsAlive } from '../state/proc.js';
import { SCRATCH_PREFIXES } from './job-marks.js';
import { keptWhy } from './kept-worktree.js';
import { gitOut } from '../workspace/git.js';
import { listWorktrees } from '../workspace/repo.js';
import { workDir } from './workspace.js';

/** `<scratch>/worker` holds the session (`<start>-<pid>`) of the worker using that scratch folder. */
const ownerFile = (scratch: string): string => path.join(scratch, 'worker');

function ownerOf(scratch: string): string | undefined {
  try {
    return fs.readFileSync(ownerFile(scratch), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Take `scratch` for this worker; a one-line message when a live worker has it already. */
export function claimScratch(scratch: string, session: string): string | undefined {
  const holder = ownerOf(scratch);
  if (holder && holder !== session && runIsAlive(holder)) {
    return `another orch worker (pid ${holder.slice(holder.lastIndexOf('-') + 1)}) uses ${scratch}; give this one another --name`;
  }
  fs.mkdirSync(scratch, { recursive: true });
  fs.writeFileSync(ownerFile(scratch), `${session}\n`);
  return undefined;
}

export interface Cleanup {
  removed: number;
  kept: { dir: string; why: string }[];
}

/**
 * What dead workers left in `clone`: registrations of worktrees whose folder is gone (pruned), and
 * job worktrees in the scratch folder of a worker that is not alive (this worker's own, from
 * before it started, included) removed, registered or not. A worktree kept on purpose (its
 * `.kept` note: work that may exist nowhere else) stays, and is listed. The worktrees of a scratch
 * folder whose worker is unknown (no owner file) are left alone.
 */
export async function cleanStaleWorktrees(clone: string, scratch: string): Promise<Cleanup> {
  const own = real(scratch);
  await gitOut(clone, ['worktree', 'prune']).catch(() => '');
  const found = new Set<string>();
  for (const dir of await registered(clone)) {
    const owner = scratchOf(dir);
    if (owner && (owner === own || deadOwner(owner))) found.add(dir);
  }
  const work = workDir(own, '');
  const names = fs.existsSync(work) ? fs.readdirSync(work) : [];
  for (const name of names) if (!name.endsWith('.kept')) found.add(path.join(work, name));
  const cleanup: Cleanup = { removed: 0, kept: [] };
  for (const dir of found) {
    const why = keptWhy(dir);
    if (why !== undefined) {
      cleanup.kept.push({ dir, why });
      continue;
    }
    await gitOut(clone, ['worktree', 'remove', '--force', '--force', dir]).catch(() => '');
    fs.rmSync(dir, { recursive: true, force: true });
    cleanup.removed += 1;
  }
  // notes whose worktree was removed by hand
  for (const name of names) if (name.endsWith('.kept') && !fs.existsSync(path.join(work, name.slice(0, -5)))) fs.rmSync(path.join(work, name), { force: true });
  if (cleanup.removed) await gitOut(clone, ['worktree', 'prune']).catch(() => '');
  return cleanup;
}

/** The worktrees registered in `clone`, real paths. */
async function registered(clone: string): Promise<string[]> {
  const trees = await listWorktrees(clone).catch(() => new Map<string, string | undefined>());
  return [...trees.keys()].map(real);
}

/** The scratch folder a job worktree `<tmp>/orch-worker-<name>/work/<job>` belongs to, or undefined for any other worktree. */
function scratchOf(dir: string): string | undefined {
  const work = path.dirname(dir);
  const scratch = path.dirname(work);
  return path.basename(work) === 'work' && SCRATCH_PREFIXES.some((prefix) => path.basename(scratch).startsWith(prefix)) ? scratch : undefined;
}

function deadOwner(scratch: string): boolean {
  const owner = ownerOf(scratch);
  return owner !== undefined && !runIsAlive(owner);
}

function real(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}
