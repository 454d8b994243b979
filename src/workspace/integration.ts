import fs from 'node:fs';
import path from 'node:path';
import { git, gitOut } from './git.js';
import { branchExists, listWorktrees, type Repo } from './repo.js';
import { integrationPath, removeWorktree } from './worktrees.js';

/** The integration branch and the worktree where orch merges into it (never the user's tree). */
export interface Integration {
  branch: string;
  path: string;
  /** The branch did not exist: orch made it from this commit. */
  createdFrom?: string;
  /** Its files are checked out (merges are made there); else the worktree only holds the branch and merges need no files. */
  checkout: boolean;
}

/**
 * Make sure the integration branch exists (from HEAD) and has its own clean worktree. A run that
 * died mid-merge left a merge in progress, staged files or lock files there: all undone here, so
 * the branch holds only whole merges. Without `checkout` the worktree is made with no files: it
 * only keeps the branch from being checked out elsewhere while orch moves it.
 */
export async function openIntegration(repo: Repo, dir: string, branch: string, checkout = true): Promise<Integration> {
  const result: Integration = { branch, path: integrationPath(dir), checkout };
  if (!(await branchExists(repo.top, branch))) {
    const head = await gitOut(repo.top, ['rev-parse', 'HEAD']);
    await gitOut(repo.top, ['branch', '-q', branch, head]);
    result.createdFrom = head;
  }
  const trees = await listWorktrees(repo.top);
  for (const [where, checkedOut] of trees) {
    if (checkedOut !== branch || path.resolve(where) === path.resolve(result.path)) continue;
    if (path.resolve(where) === path.resolve(repo.top) || !isInside(where, dir)) {
      throw new Error(`${branch} is checked out in ${where}: orch merges into it in a worktree of its own; check out another branch there`);
    }
    await removeWorktree(repo, where);
  }
  // one with files, kept or left by a crash, is replaced when none are wanted: nothing there to keep
  if (!trees.has(result.path) || !fs.existsSync(result.path) || (!checkout && fs.readdirSync(result.path).some((f) => f !== '.git'))) {
    await removeWorktree(repo, result.path);
    fs.mkdirSync(dir, { recursive: true });
    await gitOut(repo.top, ['worktree', 'add', '-q', ...(checkout ? [] : ['--no-checkout']), result.path, branch]);
    return result;
  }
  if (!checkout) return result;
  await recover(result.path);
  return result;
}

/** Undo whatever a killed merge left: the lock files of dead git processes, a merge in progress, staged changes. */
export async function recover(worktree: string): Promise<void> {
  const gitDir = await gitOut(worktree, ['rev-parse', '--absolute-git-dir']);
  for (const lock of ['index.lock', 'HEAD.lock', 'ORIG_HEAD.lock', 'MERGE_HEAD.lock']) fs.rmSync(path.join(gitDir, lock), { force: true });
  await git(worktree, ['merge', '--abort']);
  await gitOut(worktree, ['reset', '-q', '--hard', 'HEAD']);
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}
