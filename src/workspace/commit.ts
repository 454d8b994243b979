import { git, gitOut } from './git.js';

export interface CommitRequest {
  card: string;
  title: string;
  run: string;
  /** Author and committer when git has none configured. */
  env: Record<string, string>;
  /** Paths (from the repository's top) never committed: orch's folder, files copied by `.worktreeinclude`. */
  exclude: string[];
}

/** The message of a card's commit: `<id>: <title>` and the trailers that find it again after a crash. */
export function commitMessage(card: string, title: string, run: string): string {
  const subject = `${card}: ${title}`.replace(/\s+/g, ' ').trim();
  return `${subject}\n\nOrch-Card: ${card}\nOrch-Run: ${run}\n`;
}

/** Commit everything the agent changed in its worktree. Returns the commit, or undefined when nothing changed. */
export async function commitWorktree(worktree: string, request: CommitRequest): Promise<string | undefined> {
  // an ignored path needs no excluding (and git refuses to be told about it)
  const ignored = new Set((await git(worktree, ['check-ignore', '-z', '--stdin'], { input: request.exclude.join('\0') })).stdout.split('\0'));
  const pathspec = ['.', ...request.exclude.filter((p) => !ignored.has(p)).map((p) => `:(top,exclude,literal)${p}`)];
  await gitOut(worktree, ['add', '-A', '--', ...pathspec]);
  const staged = await git(worktree, ['diff', '--cached', '--quiet']);
  if (staged.ok) return undefined;
  await gitOut(worktree, ['commit', '-q', '--no-verify', '-F', '-'], { input: commitMessage(request.card, request.title, request.run), env: request.env });
  return gitOut(worktree, ['rev-parse', 'HEAD']);
}
