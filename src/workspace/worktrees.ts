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
 */
export async function createCardWorktree(repo: Repo, dir: string, id: string, base: string): Promise<{ path: string; branch: string }> {
  const where = cardWorktreePath(dir, id);
  const branch = cardBranch(id);
  if (fs.existsSync(where)) await removeWorktree(repo, where);
  fs.mkdirSync(dir, { recursive: true });
  // -f: a worktree registered there whose folder is gone (removed by hand, a wiped cache) is replaced
  await gitOut(repo.top, ['worktree', 'add', '-q', '-f', '-B', branch, where, base]);
  return { path: where, branch };
}

/** A detached checkout of `base` for a card that only reads. */
export async function createCheckout(repo: Repo, where: string, base: string): Promise<void> {
  if (fs.existsSync(where)) await removeWorktree(repo, where);
  fs.mkdirSync(path.dirname(where), { recursive: true });
  await gitOut(repo.top, ['worktree', 'add', '-q', '-f', '--detach', where, base]);
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
