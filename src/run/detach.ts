import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { layoutOf } from '../state/layout.js';
import { readLock } from '../state/lock.js';

/**
 * Start `orch run` in the background (own session, output to logs/runner.log) and return once it
 * holds the lock, so `orch wait` right after never misses it. If it exits first, its exit code.
 */
export async function startDetached(root: string, cliPath: string, args: string[]): Promise<{ pid: number } | { exitCode: number }> {
  const layout = layoutOf(root);
  fs.mkdirSync(layout.logs, { recursive: true });
  const out = fs.openSync(layout.runnerLog, 'a');
  const child = spawn(process.execPath, [cliPath, 'run', ...args], {
    cwd: root, detached: true, stdio: ['ignore', out, out], env: { ...process.env, ORCH_DETACHED: '1' },
  });
  fs.closeSync(out);
  let exitCode: number | undefined;
  child.on('exit', (code, signal) => (exitCode = code ?? (signal ? 130 : 1)));
  const pid = child.pid!;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (readLock(layout.lock)?.pid === pid) {
      child.unref();
      return { pid };
    }
    if (exitCode !== undefined) return { exitCode };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.unref();
  return { pid };
}
