import fs from 'node:fs';
import os from 'node:os';
import { isAlive, processStartTime } from './proc.js';

/** The lock file's content: who runs the scheduler for this folder. */
export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  pidStart?: string;
}

export type LockResult = { ok: true; takenOver?: LockInfo } | { ok: false; holder: LockInfo };

export function ownLockInfo(now = new Date()): LockInfo {
  const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: now.toISOString() };
  const start = processStartTime(process.pid);
  if (start) info.pidStart = start;
  return info;
}

/**
 * Take the folder's lock: created exclusively; a lock whose holder is dead (or a zombie, or a reused
 * pid) is taken over. A holder on another host is trusted to be alive.
 */
export function acquireLock(file: string, info: LockInfo = ownLockInfo()): LockResult {
  const text = `${JSON.stringify(info)}\n`;
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
    return { ok: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = readLock(file);
  if (holder && isHolderAlive(holder)) return { ok: false, holder };
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
  const now = readLock(file);
  if (now?.pid !== info.pid) return { ok: false, holder: now ?? info };
  return holder ? { ok: true, takenOver: holder } : { ok: true };
}

export function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

export function isHolderAlive(holder: LockInfo): boolean {
  if (holder.host !== os.hostname()) return true;
  return isAlive(holder.pid, holder.pidStart);
}

/** Remove the lock if it is still ours. */
export function releaseLock(file: string, pid = process.pid): void {
  if (readLock(file)?.pid === pid) fs.rmSync(file, { force: true });
}
