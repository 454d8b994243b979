import { execa, execaSync } from 'execa';

/** What one git command did. Failures are values: callers decide what an exit code means. */
export interface GitResult {
  ok: boolean;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  env?: Record<string, string>;
  input?: string;
}

/**
 * The one place orch runs git (through execa). Every call turns off automatic gc, so parallel
 * commits in several worktrees never race a background repack, and never prompts for anything.
 */
export async function git(cwd: string, args: string[], options: GitOptions = {}): Promise<GitResult> {
  const result = await execa('git', ['-c', 'gc.auto=0', '-c', 'core.quotePath=false', ...args], {
    cwd, reject: false, stripFinalNewline: false, input: options.input ?? '',
    env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env },
  });
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : -1;
  return { ok: exitCode === 0, exitCode, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/** A git command that must succeed: its trimmed output, or an Error naming the command and git's message. */
export async function gitOut(cwd: string, args: string[], options: GitOptions = {}): Promise<string> {
  const result = await git(cwd, args, options);
  if (!result.ok) throw new GitError(args, result);
  return result.stdout.trim();
}

export class GitError extends Error {
  constructor(readonly args: string[], readonly result: GitResult) {
    super(`git ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ') || `exit ${result.exitCode}`}`);
    this.name = 'GitError';
  }
}

/** Lines of a command's output, empty ones dropped. */
export function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trimEnd()).filter(Boolean);
}

/** The same, synchronous, for checks that run while cards are validated. */
export function gitSync(cwd: string, args: string[]): GitResult {
  const result = execaSync('git', args, { cwd, reject: false, env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : -1;
  return { ok: exitCode === 0, exitCode, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}
