import fs from 'node:fs';
import os from 'node:os';
import { OrchError } from '../errors.js';
import { ioError, shownPath } from './io-error.js';
import { isHolderAlive, linkExclusive, readLockState, type LockInfo } from './lock-file.js';
import type { Layout } from './layout.js';
import { claimDeadLock } from './lock-takeover.js';
import { openOwned } from './owned-file.js';
import { processStartTime } from './proc.js';
import { checkStateFolder } from './state-dirs.js';

export { isHolderAlive, readLock, readLockState, type LockInfo, type LockState } from './lock-file.js';

export type LockResult =
  | { ok: true; takenOver?: LockInfo }
  | { ok: false; holder: LockInfo }
  /** The lock file is empty, garbage or not a file: reported, never taken. */
  | { ok: false; problem: OrchError };

export function ownLockInfo(command = 'run', now = new Date()): LockInfo {
  const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: now.toISOString() };
  const start = processStartTime(process.pid);
  if (start) info.pidStart = start;
  if (command !== 'run') info.command = command;
  return info;
}

let counter = 0;

/**
 * Take the folder's lock, atomically under any race. A free lock: our content is written to a
 * private file first and hard-linked into place (link() fails if the lock exists, and the lock is
 * never seen half-written). A dead holder's lock: claimed exclusively (lock-takeover.ts), so that of
 * any number of processes at once exactly one wins. A holder on another host is trusted to be alive.
 * `waitMs`: how long to wait for a short command (`orch add`, `orch reset`) holding it.
 */
export function acquireLock(file: string, info: LockInfo = ownLockInfo(), options: { waitMs?: number } = {}): LockResult {
  const deadline = Date.now() + (options.waitMs ?? 0);
  const mine = `${file}.${process.pid}.${counter++}.new`;
  try {
    writeMine(mine, `${JSON.stringify(info)}\n`);
    for (;;) {
      if (linkExclusive(mine, file)) return { ok: true };
      const seen = readLockState(file);
      if (seen.kind === 'absent') continue;
      if (seen.kind === 'bad') return { ok: false, problem: seen.problem };
      if (isHolderAlive(seen.info)) {
        if (seen.info.command && seen.info.command !== 'run' && Date.now() < deadline) {
          pause(5);
          continue;
        }
        return { ok: false, holder: seen.info };
      }
      const claim = claimDeadLock(file, seen, mine);
      if (claim === 'won') return { ok: true, takenOver: seen.info };
      if (claim === 'busy') pause(2); // another process is taking it over: see who holds it after
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

/** Remove the lock if it is still ours. */
export function releaseLock(file: string, pid = process.pid): void {
  const now = readLockState(file);
  if (now.kind === 'held' && now.info.pid === pid) fs.rmSync(file, { force: true });
}

/**
 * Run `fn` holding the folder's lock (for `orch reset`, `orch add`), waiting a little for another
 * short command. `ifRunning: 'proceed'` runs `fn` anyway while a live run holds the lock (a new card
 * for the run to pick up); 'fail' throws STATE_LOCKED. A bad lock or state folder throws its one line.
 */
export function withStateLock<T>(layout: Pick<Layout, 'dir' | 'lock'>, options: { command: string; ifRunning: 'fail' | 'proceed' }, fn: () => T): T {
  checkStateFolder(layout);
  const lock = acquireLock(layout.lock, ownLockInfo(options.command), { waitMs: 3000 });
  if (lock.ok) {
    try {
      return fn();
    } finally {
      releaseLock(layout.lock);
    }
  }
  if ('problem' in lock) throw lock.problem;
  const { holder } = lock;
  if (options.ifRunning === 'proceed' && (holder.command ?? 'run') === 'run') return fn();
  throw new OrchError('STATE_LOCKED', `another orch holds ${shownPath(layout.dir)} (pid ${holder.pid}, ${holder.command ? `orch ${holder.command}` : 'a run'})`, {
    hint: 'wait for it to end (`orch wait`), then try again',
  });
}

function writeMine(mine: string, text: string): void {
  try {
    const fd = openOwned(mine, 'wx', 0o644);
    try {
      fs.writeFileSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    throw error instanceof OrchError ? error : ioError('write', mine, error);
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
