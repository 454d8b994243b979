import fs from 'node:fs';
import path from 'node:path';
import { commitWorktree } from '../workspace/commit.js';
import { gitOut } from '../workspace/git.js';
import { cardBranch, revParse } from '../workspace/repo.js';

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
  if ((await revParse(clone, commit)) === undefined) {
    if (!remote) throw new Error(`commit ${commit.slice(0, 12)} is not in ${clone} and the job names no remote to fetch it from`);
    await gitOut(clone, ['fetch', '--quiet', remote, commit]).catch(() => gitOut(clone, ['fetch', '--quiet', remote]));
  }
  await raceFree(() => gitOut(clone, ['worktree', 'add', '--quiet', '--detach', dir, commit]));
  return {
    dir,
    remove: async () => {
      await raceFree(() => gitOut(clone, ['worktree', 'remove', '--force', dir])).catch(() => fs.rmSync(dir, { recursive: true, force: true }));
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

/** Whether `dir` is inside a git work tree. */
export async function isGitClone(dir: string): Promise<boolean> {
  try {
    return (await gitOut(dir, ['rev-parse', '--is-inside-work-tree'])) === 'true';
  } catch {
    return false;
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
  await gitOut(dir, ['push', '--quiet', '--force', remote, `${commit}:refs/heads/${branch}`]);
  return { branch, commit };
}
