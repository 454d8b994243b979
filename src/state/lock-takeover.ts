import fs from 'node:fs';
import { ioError } from './io-error.js';
import { readOwned } from './owned-file.js';
import { isHolderAlive, linkExclusive, parseLock, readLockState, type LockInfo, type LockState } from './lock-file.js';

/**
 * Claim the lock of a dead holder, exclusively. To replace a lock whose content is H, a process must
 * first create `run.lock.reap-<H's pid>-<H's start>` (link(), so it fails if it exists, and is never
 * half-written), then see that the lock still holds H, then rename its own lock over it. If the reaper
 * file exists and its owner is alive, someone else is taking over ('busy'); if its owner died
 * mid-claim, that owner is reaped the same way, one level down. Only one process can hold the deepest
 * claim, so exactly one replaces H. Names are unique per (pid, start time): none is ever reused.
 */
export function claimDeadLock(file: string, seen: Extract<LockState, { kind: 'held' }>, mine: string): 'won' | 'lost' | 'busy' {
  const chain: string[] = [];
  let target: LockInfo = seen.info;
  for (let depth = 0; ; depth++) {
    const reaper = reaperName(file, target);
    if (linkExclusive(mine, reaper)) {
      chain.push(reaper);
      break;
    }
    const owner = readReaper(reaper);
    if (owner === 'gone' || (owner && isHolderAlive(owner))) return 'busy'; // a live claim, or one just finished: look again
    if (!owner || depth >= 16) throw ioError('take over', reaper, Object.assign(new Error('unreadable takeover file'), { code: 'EBADLOCK' }));
    chain.push(reaper); // its owner died mid-claim
    target = owner;
  }
  try {
    const now = readLockState(file);
    if (now.kind !== 'held' || now.text !== seen.text) return 'lost';
    try {
      fs.renameSync(mine, file);
    } catch (error) {
      throw ioError('take over', file, error);
    }
    return 'won';
  } finally {
    // The lock no longer holds H (or we could not tell): H's text never comes back, so every claim on
    // its chain is garbage. A live claim deeper than ours cannot exist: we hold the deepest.
    for (const name of chain) fs.rmSync(name, { force: true });
  }
}

function reaperName(file: string, holder: LockInfo): string {
  const start = (holder.pidStart ?? holder.startedAt).replace(/[^A-Za-z0-9]/g, '_');
  return `${file}.reap-${holder.pid}-${start}`;
}

function readReaper(file: string): LockInfo | undefined | 'gone' {
  try {
    const text = readOwned(file); // never through a planted link
    return text === undefined ? 'gone' : parseLock(text);
  } catch {
    return undefined;
  }
}
