import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { layoutOf } from '../state/layout.js';
import { readLock } from '../state/lock.js';
import { openOwned } from '../state/owned-file.js';
import { checkStateFolder, ensureFolder } from '../state/state-dirs.js';

/**
 * Start `orch run` in the background (own session, output to logs/runner.log) and return once it
 * holds the lock, so `orch wait` right after never misses it. If it exits first, its exit code.
 */
export async function startDetached(root: string, cliPath: string, args: string[]): Promise<{ pid: number } | { exitCode: number }> {
  const layout = layoutOf(root);
  checkStateFolder(layout);
  ensureFolder(layout.logs, 0o700);
  const out = openOwned(layout.runnerLog, 'a'); // never through a planted link
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
