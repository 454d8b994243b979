import fs from 'node:fs';
import os from 'node:os';
import { OrchError } from '../errors.js';
import { ioError, shownPath } from './io-error.js';
import { readOwned } from './owned-file.js';
import { isAlive } from './proc.js';

/** The lock file's content: who runs the scheduler for this folder (or writes to it briefly). */
export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  pidStart?: string;
  /** What holds it: `run` (absent in older locks), or a short command (`add`, `reset`). */
  command?: string;
}

/** What is at the lock path now. */
export type LockState = { kind: 'absent' } | { kind: 'held'; text: string; info: LockInfo } | { kind: 'bad'; problem: OrchError };

/** The lock as it is now: absent, held (by whom), or bad (empty, garbage, a folder, a link). Never follows a link. */
export function readLockState(file: string): LockState {
  let text: string | undefined;
  try {
    text = readOwned(file);
  } catch (error) {
    return { kind: 'bad', problem: error instanceof OrchError ? error : ioError('read', file, error) };
  }
  if (text === undefined) return { kind: 'absent' };
  const info = parseLock(text);
  if (info) return { kind: 'held', text, info };
  const what = text.trim() ? `garbage (${JSON.stringify(text.slice(0, 40))})` : 'empty';
  return {
    kind: 'bad',
    problem: new OrchError('STATE_LOCKED', `the lock ${shownPath(file)} is ${what}, so orch cannot tell whether a run holds it`, {
      hint: `if no orch is running here, remove it (rm ${shownPath(file)}) and try again`,
    }),
  };
}

/** The holder, if the lock is readable. */
export function readLock(file: string): LockInfo | undefined {
  const state = readLockState(file);
  return state.kind === 'held' ? state.info : undefined;
}

export function parseLock(text: string): LockInfo | undefined {
  try {
    const info = JSON.parse(text) as LockInfo;
    return info && typeof info === 'object' && Number.isInteger(info.pid) && info.pid > 0 && typeof info.host === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

export function isHolderAlive(holder: LockInfo): boolean {
  if (holder.host !== os.hostname()) return true;
  return isAlive(holder.pid, holder.pidStart);
}

/** link(src, dest): true if made, false if dest exists; anything else is an IO error. */
export function linkExclusive(src: string, dest: string): boolean {
  try {
    fs.linkSync(src, dest);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError('create', dest, error);
    return false; // whatever is there (a link, a folder) is read without following it, and reported
  }
}
