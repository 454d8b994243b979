import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { alive, CLI, exited, tempProject, until } from '../helpers.js';

describe('orch run', () => {
  it('runs a DAG in parallel, writes every result, the status table and the report, and exits 0', () => {
    const p = tempProject();
    p.card('scan', '', 'Scan.\n@fake output scanned 12 files');
    p.card('quality', 'deps: [scan]', 'Quality.\n@fake output # Findings\n@fake output all good');
    p.card('security', 'deps: [scan]');
    p.card('merge', 'deps: [quality, security]\nfinal: true');
    const r = p.orch(['run']);
    expect(r.code, r.stderr).toBe(0);
    for (const id of ['scan', 'quality', 'security', 'merge']) expect(p.exists(`.orchestrator/results/${id}.md`)).toBe(true);
    expect(p.read('.orchestrator/results/scan.md')).toContain('scanned 12 files');
    expect(p.read('.orchestrator/logs/prompts/quality.1.md')).toContain('scanned 12 files');
    expect(p.read('.orchestrator/status.md')).toMatch(/✅ 4 done/);
    expect(p.read('.orchestrator/report.md')).toContain('## quality');
    const starts = p.invocations().filter((i) => i.what === 'start');
    expect(starts.map((s) => s.card).sort()).toEqual(['merge', 'quality', 'scan', 'security']);
    const order = p.events().filter((e) => e.type === 'card' && e.to === 'running').map((e) => e.card);
    expect(order[0]).toBe('scan');
    expect(order.at(-1)).toBe('merge');
  });

  it('retries a failing card with the failure in the next prompt, then succeeds', () => {
    const p = tempProject();
    p.card('flaky', 'retries: 2', 'Work.\n@fake fail 2');
    const r = p.orch(['run']);
    expect(r.code, r.stderr).toBe(0);
    expect(p.invocations().filter((i) => i.what === 'start').map((i) => i.attempt)).toEqual([1, 2, 3]);
    const prompt = p.read('.orchestrator/logs/prompts/flaky.3.md');
    expect(prompt).toContain('## The previous attempt failed');
    expect(prompt).toContain('Attempt 2 failed (exit)');
    const retrying = p.events().filter((e) => e.to === 'retrying');
    expect(retrying).toHaveLength(2);
    for (const e of retrying) expect(Number(e.retryAt) - Number(e.t)).toBeGreaterThanOrEqual(8);
  });

  it('blocks only the dependents of a failed card; independent branches finish; exit 1', () => {
    const p = tempProject();
    p.card('bad', '', 'Fail.\n@fake fail 9');
    p.card('after-bad', 'deps: [bad]');
    p.card('after-after', 'deps: [after-bad]');
    p.card('good', '');
    p.card('after-good', 'deps: [good]');
    const r = p.orch(['run']);
    expect(r.code).toBe(1);
    expect(p.exists('.orchestrator/results/after-good.md')).toBe(true);
    expect(p.exists('.orchestrator/results/bad.md')).toBe(false);
    const status = JSON.parse(p.orch(['status', '--json']).stdout) as { cards: Array<{ id: string; status: string; blockedBy: string | null }> };
    const byId = Object.fromEntries(status.cards.map((c) => [c.id, c]));
    expect(byId.bad!.status).toBe('failed');
    expect(byId['after-bad']).toMatchObject({ status: 'blocked', blockedBy: 'bad' });
    expect(byId['after-after']!.status).toBe('blocked');
    expect(byId['after-good']!.status).toBe('done');
    expect(p.invocations().some((i) => i.card === 'after-bad')).toBe(false);
  });

  it('kills a timed-out attempt with its whole process tree, grandchild included', () => {
    const p = tempProject();
    p.card('stuck', 'timeout: 1s', 'Hang.\n@fake grandchild\n@fake hang');
    const r = p.orch(['run']);
    expect(r.code).toBe(1);
    const pids = fs.readFileSync(path.join(p.state, 'stuck.grandchild.pids'), 'utf8').trim().split('\n').map(Number);
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(p.events().find((e) => e.to === 'failed')).toMatchObject({ errorKind: 'timeout' });
  });

  it('kills an attempt that prints nothing for `stall`, and retries it', () => {
    const p = tempProject();
    p.card('silent', 'stall: 500ms\nretries: 1', 'Hang.\n@fake hang');
    const r = p.orch(['run']);
    expect(r.code).toBe(1);
    const kinds = p.events().filter((e) => e.from === 'running').map((e) => e.errorKind);
    expect(kinds).toEqual(['stall', 'stall']);
  });

  it('fails a card whose declared output was not written, and passes one that wrote it', () => {
    const p = tempProject();
    p.card('lazy', 'outputs: [out/lazy.txt]', 'Claim success.');
    p.card('diligent', 'outputs: [out/diligent.txt]', 'Write it.\n@fake write out/diligent.txt hello');
    const r = p.orch(['run']);
    expect(r.code).toBe(1);
    expect(p.events().find((e) => e.card === 'lazy' && e.to === 'failed')).toMatchObject({ errorKind: 'outputs_missing' });
    expect(p.exists('.orchestrator/results/diligent.md')).toBe(true);
  });

  it('feeds a failing verify back into the retry prompt', () => {
    const p = tempProject();
    p.card('fix', 'retries: 1\nverify: test -f fixed.txt || (echo "fixed.txt is missing"; exit 1)', 'Fix it.');
    const r = p.orch(['run']);
    expect(r.code).toBe(1);
    expect(p.read('.orchestrator/logs/prompts/fix.2.md')).toContain('fixed.txt is missing');
    expect(p.events().filter((e) => e.errorKind === 'verify_failed')).toHaveLength(2);
  });

  it('runs only the named cards and what they need with --only, and --dry-run runs nothing', () => {
    const p = tempProject();
    p.card('a', '');
    p.card('b', 'deps: [a]');
    p.card('c', '');
    const dry = p.orch(['run', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/1\. a[\s\S]*b/);
    expect(p.invocations()).toEqual([]);
    expect(p.orch(['run', '--only', 'b']).code).toBe(0);
    expect(p.invocations().filter((i) => i.what === 'start').map((i) => i.card).sort()).toEqual(['a', 'b']);
    expect(p.orch(['run', '--only', 'nope']).code).toBe(2);
  });

  it('stops every agent and its children on Ctrl-C, records them as cancelled, and exits 130', async () => {
    const p = tempProject();
    p.card('h1', '', 'Hang.\n@fake grandchild\n@fake hang');
    p.card('h2', '', 'Hang.\n@fake hang');
    const run = p.start(['run']);
    await until('both agents started', () => p.invocations().filter((i) => i.what === 'start').length === 2 && fs.existsSync(path.join(p.state, 'h1.grandchild.pids')));
    run.kill('SIGINT');
    expect(await exited(run)).toBe(130);
    const pids = [...p.invocations().map((i) => i.pid), ...fs.readFileSync(path.join(p.state, 'h1.grandchild.pids'), 'utf8').trim().split('\n').map(Number)];
    for (const pid of pids) expect(alive(pid)).toBe(false);
    const cancelled = p.events().filter((e) => e.to === 'cancelled');
    expect(cancelled.map((e) => e.errorKind)).toEqual(['interrupted', 'interrupted']);
    expect(p.events().at(-1)).toMatchObject({ type: 'run-ended', exitCode: 130 });
  });

  it.skipIf(!fs.existsSync('/usr/bin/script'))('shows a live table that updates in place on a terminal', () => {
    const p = tempProject();
    p.card('a', '', 'A.\n@fake sleep 400');
    p.card('b', 'deps: [a]', 'B.\n@fake sleep 200');
    const env = { ...p.env };
    delete env.CI;
    const r = spawnSync('/usr/bin/script', ['-qec', `${process.execPath} ${CLI} run`, '/dev/null'], { cwd: p.root, env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\x1b\[\d+A\x1b\[0J/);
    expect(r.stdout).toMatch(/🏃 1 running/);
    expect(r.stdout).toMatch(/✅ 2 done/);
  });

  it('refuses to run invalid cards, printing file and line, and runs nothing', () => {
    const p = tempProject();
    p.card('a', 'deps: [b]');
    p.card('b', 'deps: [a]');
    p.card('c', 'agent: nobody');
    const r = p.orch(['run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.orchestrator/tasks/a.md:3:1: error dependency cycle a -> b -> a');
    expect(r.stderr).toContain('.orchestrator/tasks/c.md:3:1: error unknown agent "nobody"');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(p.invocations()).toEqual([]);
  });
});
