import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomic } from './atomic.js';
import { StateIoError } from './io-error.js';
import { openOwned, readOwned, writeOwned } from './owned-file.js';
import { ensureStateDirs } from './state-dirs.js';
import { layoutOf } from './layout.js';

function dir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'orch-owned-'));
}

describe('files orch owns', () => {
  it('writeOwned refuses a planted symlink, writes nothing through it, and creates owner-only files', () => {
    const d = dir();
    const outside = path.join(dir(), 'victim');
    fs.symlinkSync(outside, path.join(d, 'x.2.log'));
    expect(() => writeOwned(path.join(d, 'x.2.log'), 'agent text')).toThrow(/x\.2\.log is a symlink/);
    expect(fs.existsSync(outside)).toBe(false);
    writeOwned(path.join(d, 'ok.log'), 'text');
    expect(fs.statSync(path.join(d, 'ok.log')).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['a folder', (f: string) => fs.mkdirSync(f), /is a folder/],
    ['a FIFO (without hanging)', (f: string) => execFileSync('mkfifo', [f]), /is a FIFO/],
  ])('openOwned refuses %s', (_what, make, message) => {
    const f = path.join(dir(), 'x.log');
    make(f);
    expect(() => openOwned(f, 'a')).toThrow(StateIoError);
    expect(() => openOwned(f, 'a')).toThrow(message);
  });

  it('readOwned reads a file, is undefined when absent, and refuses a link', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'a'), 'A');
    fs.symlinkSync(path.join(d, 'a'), path.join(d, 'b'));
    expect(readOwned(path.join(d, 'a'))).toBe('A');
    expect(readOwned(path.join(d, 'none'))).toBeUndefined();
    expect(() => readOwned(path.join(d, 'b'))).toThrow(/is a symlink/);
  });

  it('writeAtomic replaces a link planted at the target rather than writing through it', () => {
    const d = dir();
    const outside = path.join(dir(), 'victim');
    fs.writeFileSync(outside, 'theirs');
    fs.symlinkSync(outside, path.join(d, 'status.md'));
    writeAtomic(path.join(d, 'status.md'), 'ours');
    expect(fs.readFileSync(outside, 'utf8')).toBe('theirs');
    expect(fs.lstatSync(path.join(d, 'status.md')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(d, 'status.md'), 'utf8')).toBe('ours');
    expect(fs.readdirSync(d)).toEqual(['status.md']);
  });

  it('writeAtomic leaves nothing behind when the target is a folder', () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'report.md'));
    expect(() => writeAtomic(path.join(d, 'report.md'), 'x')).toThrow();
    expect(fs.readdirSync(d)).toEqual(['report.md']);
  });

  it.each(['logs', 'logs/prompts', 'results', 'results/.previous', 'tmp'])('ensureStateDirs refuses a link planted as %s/', (name) => {
    const root = dir();
    const layout = layoutOf(root);
    fs.mkdirSync(layout.dir);
    const elsewhere = dir();
    fs.mkdirSync(path.dirname(path.join(layout.dir, name)), { recursive: true });
    fs.symlinkSync(elsewhere, path.join(layout.dir, name));
    expect(() => ensureStateDirs(layout)).toThrow(new RegExp(`${name.replace('.', '\\.')} is a symlink`));
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  it('ensureStateDirs makes logs and prompts owner-only', () => {
    const layout = layoutOf(dir());
    fs.mkdirSync(layout.dir);
    ensureStateDirs(layout);
    expect(fs.statSync(layout.logs).mode & 0o777).toBe(0o700);
    expect(fs.statSync(layout.prompts).mode & 0o777).toBe(0o700);
  });
});
