import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { commitWorktree } from '../workspace/commit.js';
import { cardBranch } from '../workspace/repo.js';

const run = promisify(execFile);

/** One git command in `cwd`: its output, trimmed; throws on failure. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/** A place to run one job: a fresh detached worktree of the worker's clone at the job's commit, or an empty folder. */
export interface Workspace {
  dir: string;
  remove(): Promise<void>;
}

/** Where a job's worktree goes: `<scratch>/work/<name>`. */
export const workDir = (scratch: string, name: string): string => path.join(scratch, 'work', name);

/**
 * The job's commit, checked out in a new worktree of `clone`. A commit the clone lacks is fetched
 * from `remote` first. With no commit (the head's folder is no git repository) the card gets an
 * empty folder: enough for a card that only reads what its prompt holds.
 */
export async function openWorkspace(clone: string, scratch: string, name: string, commit: string | undefined, remote: string | undefined): Promise<Workspace> {
  const dir = workDir(scratch, name);
  fs.rmSync(dir, { recursive: true, force: true });
  if (!commit) {
    fs.mkdirSync(dir, { recursive: true });
    return { dir, remove: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  if (!(await has(clone, commit))) {
    if (!remote) throw new Error(`commit ${commit.slice(0, 12)} is not in ${clone} and the job names no remote to fetch it from`);
    await git(clone, 'fetch', '--quiet', remote, commit).catch(() => git(clone, 'fetch', '--quiet', remote));
  }
  await raceFree(() => git(clone, 'worktree', 'add', '--quiet', '--detach', dir, commit));
  return {
    dir,
    remove: async () => {
      await raceFree(() => git(clone, 'worktree', 'remove', '--force', dir)).catch(() => fs.rmSync(dir, { recursive: true, force: true }));
    },
  };
}

/** What git says when a worktree command meets another slot's worktree half made or half removed. */
const HALF_MADE = /failed to read \S*worktrees\//;

/**
 * `git worktree add` reads every registered worktree's files, and fails ("failed to read
 * .git/worktrees/<x>/commondir") on one another slot is adding or removing that moment. Slots
 * keep adding in parallel (a checkout of a big repository takes seconds) and try again, a few
 * times, when that is the failure.
 */
async function raceFree<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt === 5 || !HALF_MADE.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

async function has(clone: string, commit: string): Promise<boolean> {
  try {
    await git(clone, 'cat-file', '-e', `${commit}^{commit}`);
    return true;
  } catch {
    return false;
  }
}

/** Whether `dir` is inside a git work tree. */
export async function isGitClone(dir: string): Promise<boolean> {
  try {
    return (await git(dir, 'rev-parse', '--is-inside-work-tree')) === 'true';
  } catch {
    return false;
  }
}

/** `git rev-parse HEAD` of the head's project, or undefined outside a repository (or before its first commit). */
export async function headCommit(root: string): Promise<string | undefined> {
  try {
    return await git(root, 'rev-parse', '--verify', 'HEAD^{commit}');
  } catch {
    return undefined;
  }
}

/** A writing card's work as pushed: the branch on the remote and the commit. */
export interface Pushed {
  branch: string;
  commit: string;
}

/**
 * A writing card's changes, committed in its worktree (with the `Orch-Card` and `Orch-Run` trailers
 * the head's merge queue finds work by) and pushed to `orch/card/<id>` on the remote, so that
 * nothing the agent did is lost with the worktree. Undefined when nothing changed.
 */
export async function pushChanges(dir: string, remote: string, job: { card: string; title: string; run: string; prefix: string }, worker: string): Promise<Pushed | undefined> {
  const env = { GIT_AUTHOR_NAME: 'orch worker', GIT_AUTHOR_EMAIL: `orch-worker@${worker}`, GIT_COMMITTER_NAME: 'orch worker', GIT_COMMITTER_EMAIL: `orch-worker@${worker}` };
  const commit = await commitWorktree(dir, { card: job.card, title: job.title, run: job.run, env, exclude: [path.join(job.prefix, '.orchestrator')] });
  if (!commit) return undefined;
  const branch = cardBranch(job.card);
  await git(dir, 'push', '--quiet', '--force', remote, `${commit}:refs/heads/${branch}`);
  return { branch, commit };
}
