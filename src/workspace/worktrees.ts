import fs from 'node:fs';
import path from 'node:path';
import { git, gitOut } from './git.js';
import { cardBranch, type Repo } from './repo.js';

/** Where a card's worktree lives. */
export const cardWorktreePath = (dir: string, id: string): string => path.join(dir, id);
/** A read-only card's checkout of the integration commit. */
export const checkoutPath = (dir: string, id: string, attempt: number): string => path.join(dir, '_read', `${id}.${attempt}`);
export const integrationPath = (dir: string): string => path.join(dir, '_integration');

/**
 * A fresh worktree on `orch/card/<id>`, branched from `base`: whatever an earlier attempt left there
 * (worktree or branch) is removed first, so every attempt starts on the integration state of now.
 * Registered without its files: `fillWorktree` writes them.
 */
export async function createCardWorktree(repo: Repo, dir: string, id: string, base: string): Promise<{ path: string; branch: string }> {
  const where = cardWorktreePath(dir, id);
  const branch = cardBranch(id);
  if (fs.existsSync(where)) await removeWorktree(repo, where);
  fs.mkdirSync(dir, { recursive: true });
  // -f: a worktree registered there whose folder is gone (removed by hand, a wiped cache) is replaced
  await gitOut(repo.top, ['worktree', 'add', '-q', '-f', '--no-checkout', '-B', branch, where, base]);
  return { path: where, branch };
}

/** A detached checkout of `base` for a card that only reads (its files written by `fillWorktree`). */
export async function createCheckout(repo: Repo, where: string, base: string): Promise<void> {
  if (fs.existsSync(where)) await removeWorktree(repo, where);
  fs.mkdirSync(path.dirname(where), { recursive: true });
  await gitOut(repo.top, ['worktree', 'add', '-q', '-f', '--no-checkout', '--detach', where, base]);
}

/** Write the index and every file of a worktree registered with `--no-checkout`; reads no other worktree. */
export async function fillWorktree(where: string): Promise<void> {
  await gitOut(where, ['reset', '-q', '--hard']);
}

/** Remove a worktree (registered or not) and its folder. Missing is fine. */
export async function removeWorktree(repo: Repo, where: string): Promise<void> {
  const removed = await git(repo.top, ['worktree', 'remove', '--force', '--force', where]);
  if (removed.ok) return;
  fs.rmSync(where, { recursive: true, force: true });
  await git(repo.top, ['worktree', 'prune']);
}

export async function deleteBranch(repo: Repo, branch: string): Promise<boolean> {
  return (await git(repo.top, ['branch', '-D', '-q', branch])).ok;
}

/** Finished worktrees wait here to be reused: a checkout of the few files that changed beats a whole new one. */
export const freePath = (dir: string): string => path.join(dir, '_free');

/** Keep a finished worktree for reuse: detached, its branch deleted, moved under `_free/`. False when git would not. */
export async function recycleWorktree(repo: Repo, where: string, dir: string, branch?: string): Promise<string | undefined> {
  if (!(await git(where, ['checkout', '-q', '--detach'])).ok) return undefined;
  if (branch) await deleteBranch(repo, branch);
  fs.mkdirSync(freePath(dir), { recursive: true });
  const to = path.join(freePath(dir), `${path.basename(where)}-${process.pid}-${Date.now().toString(36)}`);
  return (await git(repo.top, ['worktree', 'move', where, to])).ok ? to : undefined;
}

/** Turn a kept worktree into a card's fresh one: moved into place, on its branch at `base`, every other file gone. */
export async function reuseWorktree(repo: Repo, free: string, where: string, branch: string | undefined, base: string): Promise<boolean> {
  if (fs.existsSync(where)) await removeWorktree(repo, where);
  fs.mkdirSync(path.dirname(where), { recursive: true });
  if (!(await git(repo.top, ['worktree', 'move', free, where])).ok) return false;
  const checkout = branch ? ['checkout', '-q', '-f', '-B', branch, base] : ['checkout', '-q', '-f', '--detach', base];
  if (!(await git(where, checkout)).ok || !(await git(where, ['clean', '-ffdxq'])).ok) {
    await removeWorktree(repo, where);
    return false;
  }
  return true;
}
