import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exited, tempProject } from '../helpers.js';

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at |internal error/m);

describe('state files are never trusted blindly (issue 12, items 4-6)', () => {
  it('a logs/<id>.2.log symlink planted by an agent: nothing is written outside, one line names it', () => {
    const p = tempProject();
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orch-outside-')), 'victim');
    p.card('flaky', 'retries: 1', 'Work.\n@fake fail 1');
    fs.mkdirSync(p.file('.orchestrator/logs'), { recursive: true });
    fs.symlinkSync(outside, p.file('.orchestrator/logs/flaky.2.log'));
    const r = p.orch(['run']);
    expect(fs.existsSync(outside)).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/\.orchestrator\/logs\/flaky\.2\.log is a symlink/);
    noStack(r.stderr);
    expect(fs.lstatSync(p.file('.orchestrator/logs/flaky.2.log')).isSymbolicLink()).toBe(true);
  });

  it.each([
    ['events.jsonl is a folder', (f: string) => fs.mkdirSync(f), 'events.jsonl', /events\.jsonl is a folder, not a file/],
    ['events.jsonl is a FIFO', (f: string) => execFileSync('mkfifo', [f]), 'events.jsonl', /events\.jsonl is a FIFO, not a file/],
    ['run.lock is a folder', (f: string) => fs.mkdirSync(f), 'run.lock', /run\.lock is a folder, not a file/],
    ['run.lock is empty', (f: string) => fs.writeFileSync(f, ''), 'run.lock', /the lock .*run\.lock is empty, .* remove it/],
    ['logs/ is a link to elsewhere', (f: string) => fs.symlinkSync(fs.mkdtempSync(path.join(os.tmpdir(), 'orch-elsewhere-')), f), 'logs', /logs is a symlink/],
  ])('%s: `orch run` exits 2 with one line, never a stack trace, and runs nothing', (_what, make, name, message) => {
    const p = tempProject();
    p.card('a', '');
    make(p.file(`.orchestrator/${name}`));
    const r = p.orch(['run'], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
    noStack(r.stderr);
    expect(p.invocations()).toEqual([]);
  });

  it('events.jsonl a symlink to a file outside: exit 2, the outside file untouched', () => {
    const p = tempProject();
    p.card('a', '');
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orch-outside-')), 'victim');
    fs.writeFileSync(outside, 'theirs\n');
    fs.symlinkSync(outside, p.file('.orchestrator/events.jsonl'));
    const r = p.orch(['run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/events\.jsonl is a symlink/);
    expect(fs.readFileSync(outside, 'utf8')).toBe('theirs\n');
  });

  it('a torn last line, then `orch run`: the new run-started is whole, parseable and carries schema 2', () => {
    const p = tempProject();
    p.card('a', '');
    expect(p.orch(['run']).code).toBe(0);
    fs.appendFileSync(p.file('.orchestrator/events.jsonl'), '{"type":"card","t":1,"run":"x","card":"a","fr');
    p.card('b', '');
    const r = p.orch(['run']);
    expect(r.code, r.stderr).toBe(0);
    const lines = p.read('.orchestrator/events.jsonl').trimEnd().split('\n');
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    const started = lines.map((l) => JSON.parse(l)).filter((e) => e.type === 'run-started');
    expect(started).toHaveLength(2);
    expect(started[1]).toMatchObject({ schema: 2 });
  });

  it('many simultaneous `orch run` over a dead run\'s lock: exactly one runs, the others exit 2', async () => {
    const p = tempProject();
    p.card('slow', '', 'Slow.\n@fake sleep 1500');
    const dead = spawnSync('true').pid!;
    fs.writeFileSync(p.file('.orchestrator/run.lock'), JSON.stringify({ pid: dead, host: os.hostname(), startedAt: new Date().toISOString() }));
    const runs = Array.from({ length: 6 }, () => p.start(['run']));
    const codes = await Promise.all(runs.map(exited));
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c === 2)).toHaveLength(5);
    for (const run of runs.filter((_r, i) => codes[i] === 2)) expect(run.output()).toMatch(/another run holds/);
    expect(p.invocations().filter((i) => i.what === 'start')).toHaveLength(1);
    expect(fs.readdirSync(p.file('.orchestrator')).filter((n) => n.startsWith('run.lock'))).toEqual([]);
  }, 60_000);
});
