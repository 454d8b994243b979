import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrchError } from '../errors.js';
import { layoutOf } from './layout.js';
import { acquireLock, ownLockInfo, readLockState, releaseLock, withStateLock } from './lock.js';

function tempLock(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orch-lock-')), 'run.lock');
}
const dead = () => ({ pid: spawnSync('true').pid!, host: os.hostname(), startedAt: new Date().toISOString(), pidStart: '1' });

describe('acquireLock', () => {
  it('takes a free lock, refuses a live holder, and is free again once released', () => {
    const file = tempLock();
    expect(acquireLock(file)).toEqual({ ok: true });
    const other = { ...ownLockInfo(), pid: process.ppid };
    expect(acquireLock(file, other)).toMatchObject({ ok: false, holder: { pid: process.pid } });
    releaseLock(file);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
  });

  it("takes over a dead holder's lock and names it", () => {
    const file = tempLock();
    const holder = dead();
    fs.writeFileSync(file, JSON.stringify(holder));
    expect(acquireLock(file)).toEqual({ ok: true, takenOver: holder });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['run.lock']);
  });

  it('takes over past a takeover left by a process that died mid-claim', () => {
    const file = tempLock();
    const holder = dead();
    const reaper = dead();
    fs.writeFileSync(file, JSON.stringify(holder));
    fs.writeFileSync(`${file}.reap-${holder.pid}-1`, JSON.stringify(reaper));
    expect(acquireLock(file)).toEqual({ ok: true, takenOver: holder });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['run.lock']);
  });

  it.each([
    ['empty', (file: string) => fs.writeFileSync(file, ''), /the lock .*run.lock is empty.* — if no orch is running here, remove it/],
    ['garbage', (file: string) => fs.writeFileSync(file, 'not json'), /is garbage \("not json"\)/],
    ['a folder', (file: string) => fs.mkdirSync(file), /run.lock is a folder, not a file/],
    ['a FIFO', (file: string) => execFileSync('mkfifo', [file]), /run.lock is a FIFO, not a file/],
    ['a symlink', (file: string) => fs.symlinkSync('/etc/hostname', file), /run.lock is a symlink/],
  ])('reports a lock that is %s in one line and never takes it', (_what, make, message) => {
    const file = tempLock();
    make(file);
    const result = acquireLock(file);
    expect(result.ok).toBe(false);
    const problem = (result as { problem: OrchError }).problem;
    expect(problem).toBeInstanceOf(OrchError);
    expect(`${problem.message} — ${problem.hint}`).toMatch(message);
    expect(readLockState(file).kind).toBe('bad');
  });
});

describe('withStateLock', () => {
  function project(): ReturnType<typeof layoutOf> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-proj-'));
    fs.mkdirSync(path.join(root, '.orchestrator'));
    return layoutOf(root);
  }

  it('holds the lock while fn runs and releases it after, even when fn throws', () => {
    const layout = project();
    const seen = withStateLock(layout, { command: 'reset', ifRunning: 'fail' }, () => readLockState(layout.lock));
    expect(seen).toMatchObject({ kind: 'held', info: { pid: process.pid, command: 'reset' } });
    expect(() => withStateLock(layout, { command: 'reset', ifRunning: 'fail' }, () => { throw new Error('boom'); })).toThrow('boom');
    expect(fs.existsSync(layout.lock)).toBe(false);
  });

  it("refuses while a run holds the lock ('fail'), or writes for the run to pick up ('proceed')", () => {
    const layout = project();
    fs.writeFileSync(layout.lock, JSON.stringify({ ...ownLockInfo(), pid: process.ppid, pidStart: undefined }));
    expect(() => withStateLock(layout, { command: 'reset', ifRunning: 'fail' }, () => 1)).toThrow(/another orch holds .*\(pid \d+, a run\)/);
    expect(withStateLock(layout, { command: 'add', ifRunning: 'proceed' }, () => 2)).toBe(2);
  });

  it('refuses a .orchestrator that is a link to elsewhere', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-proj-'));
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-elsewhere-'));
    fs.symlinkSync(elsewhere, path.join(root, '.orchestrator'));
    expect(() => withStateLock(layoutOf(root), { command: 'add', ifRunning: 'proceed' }, () => 1)).toThrow(/\.orchestrator is a symlink/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });
});
