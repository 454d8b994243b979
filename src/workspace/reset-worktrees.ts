import fs from 'node:fs';
import { readEvents } from '../state/event-log.js';
import { open, locked } from './commands.js';
import { git } from './git.js';
import { readPending, removePending } from './pending.js';
import { branchExists, listWorktrees, revParse, type Repo } from './repo.js';
import { deleteBranch, removeWorktree } from './worktrees.js';

/** Where committed work a reset card's branch holds is kept: a name no run of orch reuses or removes. */
export const keptBranch = (id: string, commit: string): string => `orch/kept/${id}-${commit.slice(0, 7)}`;

/** Commits of `tip` in neither the integration branch nor HEAD. */
async function unmerged(repo: Repo, tip: string, into: string): Promise<number> {
  const bases = (await branchExists(repo.top, into)) ? [into, 'HEAD'] : ['HEAD'];
  const counted = await git(repo.top, ['rev-list', '--count', tip, '--not', ...bases]);
  return counted.ok ? Number(counted.stdout.trim()) || 0 : 0;
}

async function contains(repo: Repo, tip: string, commit: string): Promise<boolean> {
  return (await git(repo.top, ['merge-base', '--is-ancestor', commit, tip])).ok;
}

/**
 * `orch reset`: the worktrees orch made for these cards are removed, so their next run starts
 * afresh from the integration branch, and so are their `orch/card/<id>` branches. Committed work
 * a branch (or a commit kept for a merge in `.orchestrator/merges/`) holds that is not merged is
 * never lost: it stays as branch `orch/kept/<id>-<commit>`, which the next run cannot overwrite
 * and `orch clean` leaves alone. Returns one line per thing done.
 */
export async function resetCardWorktrees(root: string, ids: readonly string[]): Promise<string[]> {
  const { layout, repo, settings } = await open(root);
  return locked(layout, async () => {
    const wanted = new Set(ids);
    const paths = new Set<string>();
    const branches = new Map<string, string>();
    for (const e of readEvents(layout.events)) {
      if (e.type !== 'worktree-created' || !wanted.has(e.card)) continue;
      paths.add(e.path);
      if (e.branch) branches.set(e.branch, e.card);
    }
    const registered = await listWorktrees(repo.top);
    for (const [where, branch] of registered) if (branch && branches.has(branch)) paths.add(where);
    const out: string[] = [];
    for (const where of paths) {
      if (!registered.has(where) && !fs.existsSync(where)) continue;
      await removeWorktree(repo, where);
      out.push(`removed worktree ${where}`);
    }
    const byCard = new Map([...branches].map(([branch, id]) => [id, branch]));
    for (const id of ids) {
      const branch = byCard.get(id);
      const tips = [branch && (await revParse(repo.top, branch)), readPending(layout, id)?.commit].filter((c): c is string => !!c);
      const kept: string[] = [];
      let safe = true;
      for (const tip of tips) {
        const count = await unmerged(repo, tip, settings.into);
        if (!count) continue;
        let covered = false;
        for (const k of kept) if (await contains(repo, k, tip)) covered = true;
        if (covered) continue;
        const name = keptBranch(id, tip);
        if (!(await branchExists(repo.top, name)) && !(await git(repo.top, ['branch', '-q', name, tip])).ok) {
          safe = false;
          out.push(`left ${branch ?? id} in place: it holds ${count} unmerged commit(s) and git would not make branch ${name} for them`);
          continue;
        }
        kept.push(tip);
        out.push(`kept ${count} unmerged commit(s) of ${branch ?? id} as branch ${name}: the next run starts the card afresh`);
      }
      if (!safe) continue;
      if (branch && (await branchExists(repo.top, branch)) && (await deleteBranch(repo, branch))) out.push(`deleted branch ${branch}`);
      removePending(layout, id);
    }
    await git(repo.top, ['worktree', 'prune']);
    return out;
  });
}
