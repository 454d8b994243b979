import { runProcess } from '../agents/process.js';
import { tail } from '../agents/process-failure.js';

export interface ShellRun {
  ok: boolean;
  /** One line: what failed. */
  message: string;
  /** The last lines of its output. */
  output: string;
}

/** Run a setup or `merge.verify` command line in a tree, its output written to `write`, in its own process group. */
export async function runShell(command: string, cwd: string, options: { timeoutMs: number; signal?: AbortSignal; write: (s: string) => void; env?: Record<string, string> }): Promise<ShellRun> {
  const result = await runProcess({
    file: command, args: [], shell: true, input: '', cwd, env: options.env ?? {},
    timeoutMs: options.timeoutMs, stallMs: options.timeoutMs, signal: options.signal ?? new AbortController().signal,
    mark: `shell.${process.pid}.${Date.now().toString(36)}`, onSpawn: () => {},
  });
  // the bounded end of its output (stdout and stderr interleaved) goes into the card's log
  const output = result.tail;
  options.write(output);
  const ok = result.exitCode === 0 && !result.stoppedFor && !result.spawnError;
  const why = result.stoppedFor === 'timeout' || result.stoppedFor === 'stall' ? 'timed out'
    : result.stoppedFor === 'abort' ? 'was stopped' : `exited with code ${result.exitCode ?? result.signal}`;
  return { ok, message: ok ? '' : `\`${command}\` ${why}`, output: tail(output, 40) };
}
