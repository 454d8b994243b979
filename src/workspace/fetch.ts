import fs from 'node:fs';
import path from 'node:path';
import { gitOut } from './git.js';
import { revParse, type Repo } from './repo.js';

/**
 * Is `remote` this repository itself (an absolute path to its top or a folder in it)? Then what
 * workers push lands here, and what they fetch is here. A remote's name (`origin`) never is.
 */
export function isSelf(repo: Repo, remote: string): boolean {
  if (!path.isAbsolute(remote)) return false;
  try {
    const rel = path.relative(fs.realpathSync(repo.top), fs.realpathSync(remote));
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  } catch {
    return false;
  }
}

const has = async (top: string, commit: string): Promise<boolean> => (await revParse(top, commit)) !== undefined;

/**
 * The commit a worker pushed to `branch` of `remote`, made present in this repository with its own
 * `branch` pointing at it (the merge queue merges it from there, and a crash keeps it reachable).
 */
export async function fetchWork(repo: Repo, remote: string, branch: string, commit: string): Promise<void> {
  if (!(await has(repo.top, commit))) await gitOut(repo.top, ['fetch', '-q', '--no-tags', remote, `refs/heads/${branch}`]);
  if (!(await has(repo.top, commit))) throw new Error(`commit ${commit.slice(0, 12)} is not on branch ${branch} of ${remote} (a later attempt pushed over it?)`);
  await gitOut(repo.top, ['update-ref', `refs/heads/${branch}`, commit]);
}

/** Make `commit` fetchable by workers from `remote`, a repository other than this one: pushed to `branch` there (never forced). */
export async function publishCommit(repo: Repo, remote: string, commit: string, branch: string): Promise<void> {
  await gitOut(repo.top, ['push', '-q', remote, `${commit}:refs/heads/${branch}`]);
}
