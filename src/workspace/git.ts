import { runProcess } from '../agents/process.js';

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

/** As much of git's output as a caller reads (execa's own default `maxBuffer`); more is an error, never a silent cut. */
const GIT_OUTPUT_CAP = 100 * 2 ** 20;
/** git's processes carry a mark of their own (no run's: a run's sweep never ends another's git). */
const GIT_MARK = `git${process.pid}`;
const NEVER = new AbortController().signal;

/**
 * The one place orch runs git, through the launcher every process of orch's goes through
 * (agents/process.ts: execa, in the spawner during a run). Every call turns off automatic gc, so
 * parallel commits in several worktrees never race a background repack, and never prompts for anything.
 */
export async function git(cwd: string, args: string[], options: GitOptions = {}): Promise<GitResult> {
  const result = await runProcess({
    file: 'git', args: ['-c', 'gc.auto=0', '-c', 'core.quotePath=false', ...args], input: options.input ?? '', cwd,
    env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env }, mark: GIT_MARK, stdoutCap: GIT_OUTPUT_CAP,
    timeoutMs: Infinity, stallMs: Infinity, signal: NEVER, onSpawn: () => {},
  });
  if (result.spawnError) return { ok: false, exitCode: -1, stdout: '', stderr: `git could not be started (${result.spawnError}): is git installed and on PATH?` };
  if (result.stdoutCut) return { ok: false, exitCode: -1, stdout: '', stderr: `git ${args[0] ?? ''} printed more than ${GIT_OUTPUT_CAP} bytes` };
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : -1;
  return { ok: exitCode === 0, exitCode, stdout: result.stdout, stderr: result.stderr };
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
