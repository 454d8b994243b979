import path from 'node:path';
import { git, gitOut, lines } from './git.js';

/** The git repository a project lives in. */
export interface Repo {
  /** The main working tree's top level. */
  top: string;
  /** The shared .git directory (`--git-common-dir`), absolute. */
  common: string;
  /** The project root relative to `top` ('' when the project is the repository). */
  prefix: string;
}

/** The repository holding `root`, or undefined when it is not in one (or has no commit yet). */
export async function findRepo(root: string): Promise<Repo | undefined> {
  const result = await git(root, ['rev-parse', '--show-toplevel', '--git-common-dir', '--verify', '-q', 'HEAD']);
  if (!result.ok) return undefined;
  const [top, common] = lines(result.stdout);
  if (!top || !common) return undefined;
  return { top, common: path.resolve(root, common), prefix: path.relative(top, path.resolve(root)) };
}

/** Is `root` inside a git work tree at all (with or without commits)? */
export async function insideWorkTree(root: string): Promise<boolean> {
  const result = await git(root, ['rev-parse', '--is-inside-work-tree']);
  return result.ok && result.stdout.trim() === 'true';
}

/** Paths with uncommitted changes in the user's tree, orch's own folder left out. */
export async function uncommitted(root: string): Promise<string[]> {
  const result = await git(root, ['status', '--porcelain', '--', '.', ':(exclude).orchestrator']);
  return result.ok ? lines(result.stdout).map((l) => l.slice(3)) : [];
}

/** Author and committer for orch's commits: git's own configuration, else `orch <orch@localhost>`. */
export async function authorEnv(top: string): Promise<Record<string, string>> {
  const name = await git(top, ['config', 'user.name']);
  const email = await git(top, ['config', 'user.email']);
  const env: Record<string, string> = {};
  if (!name.ok || !name.stdout.trim()) Object.assign(env, { GIT_AUTHOR_NAME: 'orch', GIT_COMMITTER_NAME: 'orch' });
  if (!email.ok || !email.stdout.trim()) Object.assign(env, { GIT_AUTHOR_EMAIL: 'orch@localhost', GIT_COMMITTER_EMAIL: 'orch@localhost' });
  return env;
}

export async function branchExists(top: string, branch: string): Promise<boolean> {
  return (await git(top, ['rev-parse', '--verify', '-q', `refs/heads/${branch}`])).ok;
}

export async function revParse(cwd: string, rev: string): Promise<string | undefined> {
  const result = await git(cwd, ['rev-parse', '--verify', '-q', `${rev}^{commit}`]);
  return result.ok ? result.stdout.trim() : undefined;
}

/** Registered worktrees: path → branch (undefined when detached). */
export async function listWorktrees(top: string): Promise<Map<string, string | undefined>> {
  const out = await gitOut(top, ['worktree', 'list', '--porcelain']);
  const found = new Map<string, string | undefined>();
  let current: string | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('worktree ')) {
      current = line.slice(9);
      found.set(current, undefined);
    } else if (line.startsWith('branch refs/heads/') && current) found.set(current, line.slice(18));
  }
  return found;
}

export const cardBranch = (id: string): string => `orch/card/${id}`;
