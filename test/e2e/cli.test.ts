import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, exited, tempProject, until } from '../helpers.js';

function orchIn(cwd: string, args: string[], input = '') {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('orch init', () => {
  it('creates .orchestrator/ from the template, and refuses to touch an existing one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-init-'));
    const first = orchIn(dir, ['init']);
    expect(first.code).toBe(0);
    for (const f of ['orchestrator.yaml', 'README.md', 'tasks/T-01-example.md']) expect(fs.existsSync(path.join(dir, '.orchestrator', f))).toBe(true);
    fs.writeFileSync(path.join(dir, '.orchestrator', 'orchestrator.yaml'), 'concurrency: 2\n');
    const again = orchIn(dir, ['init']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('.orchestrator/ already exists; nothing changed');
    fs.rmSync(path.join(dir, '.orchestrator', 'README.md'));
    expect(orchIn(dir, ['init', '--force']).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.orchestrator', 'orchestrator.yaml'), 'utf8')).toBe('concurrency: 2\n');
    expect(fs.existsSync(path.join(dir, '.orchestrator', 'README.md'))).toBe(true);
    expect(orchIn(dir, ['run']).code).toBe(0);
  });
});

describe('orch add', () => {
  it('writes a card from flags and stdin, and refuses a duplicate or bad id', () => {
    const p = tempProject();
    p.card('T-01', '');
    const r = p.orch(['add', '--id', 'T-02', '--title', 'Quality analysis', '--deps', 'T-01', '--agent', 'fake'], { input: 'Check the quality.\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('created .orchestrator/tasks/T-02.md');
    expect(p.read('.orchestrator/tasks/T-02.md')).toBe(
      '---\nid: T-02\ntitle: Quality analysis\ndeps: [T-01]\nagent: fake\n---\n# Quality analysis\n\nCheck the quality.\n',
    );
    const dup = p.orch(['add', '--id', 'T-02', '--body', 'x']);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toBe('error duplicate id "T-02" (already in .orchestrator/tasks/T-02.md) — choose another id\n');
    const bad = p.orch(['add', '--id', '../evil', '--body', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error invalid id "\.\.\/evil" — use letters/);
    expect(fs.readdirSync(p.file('.orchestrator/tasks'))).toEqual(['T-01.md', 'T-02.md']);
  });
});

describe('orch validate', () => {
  it('prints the plan: levels, critical path and makespan', () => {
    const p = tempProject();
    p.card('a', 'estimate: 1m');
    p.card('b', 'deps: [a]\nestimate: 2m');
    p.card('c', 'estimate: 30s');
    p.card('d', 'deps: [b, c]\nestimate: 1m\nfinal: true');
    const r = p.orch(['validate', '--concurrency', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('  level 1: a, c\n  level 2: b\n  level 3: d');
    expect(r.stdout).toContain('critical path: a -> b -> d (4m)');
    expect(r.stdout).toContain('estimated makespan at concurrency 1: 4m30s');
  });

  it('reports every problem at once, one line each with file and line, and exits 2', () => {
    const p = tempProject();
    p.card('T-01', '');
    p.write('.orchestrator/tasks/T-01-copy.md', '---\nid: T-01\n---\nAgain.\n');
    p.card('T-02', 'deps: [T-04]');
    p.card('T-04', 'deps: [T-02]');
    p.card('T-05', 'deps: [T-9]');
    p.card('T-06', 'agent: claud');
    p.card('T-07', 'timeout: forever');
    p.write('.orchestrator/tasks/T-08.md', '---\nid: T-08\ndeps: [T-01\n---\nBody.\n');
    p.write('.orchestrator/tasks/T-10.md', '---\nid: T-10\n---\n\n');
    p.card('T-11', 'dependencies: [T-01]');
    fs.writeFileSync(p.file('.orchestrator/tasks/T-12.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x69, 0x64, 0x3a, 0x20, 0xff, 0x0a]));
    const r = p.orch(['validate']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      '.orchestrator/tasks/T-01.md:2:1: error duplicate id "T-01" (also in .orchestrator/tasks/T-01-copy.md) — give each card its own id',
      '.orchestrator/tasks/T-02.md:3:1: error dependency cycle T-02 -> T-04 -> T-02 — remove one of these deps',
      '.orchestrator/tasks/T-05.md:3:1: error unknown dep "T-9" — did you mean "T-01"?',
      '.orchestrator/tasks/T-06.md:3:1: error unknown agent "claud" — did you mean "claude"?',
      '.orchestrator/tasks/T-07.md:3:10: error timeout: bad duration "forever" — use 500ms, 30s, 5m, 1h or a number of seconds',
      '.orchestrator/tasks/T-10.md:4:1: error empty body — write the task below the front matter: the body is the prompt',
      '.orchestrator/tasks/T-11.md:3:1: error unknown field "dependencies" — did you mean "deps"? (your own fields start with "x-")',
      '.orchestrator/tasks/T-12.md:2:1: error not UTF-8 text — save the card as UTF-8',
    ]));
    expect(lines.some((l) => l.startsWith('.orchestrator/tasks/T-08.md:3:1: error bad YAML'))).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('passes with warnings only', () => {
    const p = tempProject();
    p.card('a', '');
    p.card('b', '');
    const r = p.orch(['validate']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('.orchestrator/tasks/a.md:2:1: warning 2 cards end the graph (a, b) and none is final');
  });

  it('reports bad orchestrator.yaml with its line', () => {
    const p = tempProject('concurrency: 0\ndefaults: { timeout: never }\nbackoff: { intial: 1s }\n');
    p.card('a', '');
    const r = p.orch(['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.orchestrator/orchestrator.yaml:1:14: error concurrency: expected a positive whole number, got 0');
    expect(r.stderr).toContain('.orchestrator/orchestrator.yaml:2:22: error defaults.timeout: bad duration "never"');
    expect(r.stderr).toContain('.orchestrator/orchestrator.yaml:3:12: error unknown setting "backoff.intial" — did you mean "initial"? (your own settings start with "x-")');
  });
});

describe('orch status, report and logs', () => {
  it('shows every card waiting or pending before a run, as a table and as JSON', () => {
    const p = tempProject();
    p.card('a', '');
    p.card('b', 'deps: [a]');
    const table = p.orch(['status']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/pending[\s\S]*waiting/);
    const json = JSON.parse(p.orch(['status', '--json']).stdout);
    expect(json.counts).toMatchObject({ pending: 1, waiting: 1, done: 0 });
    expect(json.cards.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([['a', 'pending'], ['b', 'waiting']]);
  });

  it('rewrites the report from the results, and prints an attempt log', () => {
    const p = tempProject();
    p.card('a', '', 'A.\n@fake output # Findings\n@fake output nothing wrong');
    expect(p.orch(['run']).code).toBe(0);
    fs.rmSync(p.file('.orchestrator/report.md'));
    const r = p.orch(['report']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('wrote .orchestrator/report.md\n');
    // the fake agent is a `command` agent: its output is shown as written
    expect(p.read('.orchestrator/report.md')).toContain('```text\n# Findings\nnothing wrong\n```');
    const logs = p.orch(['logs', 'a']);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('[orch] attempt 1 succeeded');
    expect(p.orch(['logs', 'zz']).code).toBe(2);
  });

  it('follows the status with --watch until Ctrl-C', async () => {
    const p = tempProject();
    p.card('a', '');
    const watcher = p.start(['status', '--watch']);
    await until('the first table', () => /pending/.test(watcher.output()));
    expect(p.orch(['run']).code).toBe(0);
    await until('the table after the run', () => /done/.test(watcher.output()));
    watcher.kill('SIGINT');
    expect(await exited(watcher)).toBe(0);
  });

  it('follows a running attempt\'s log until the attempt ends', async () => {
    const p = tempProject();
    p.card('slow', '', 'Slow.\n@fake sleep 1200\n@fake output finally');
    const run = p.start(['run']);
    await until('the attempt started', () => p.exists('.orchestrator/logs/slow.1.log'));
    const follow = await p.orchAsync(['logs', 'slow', '--follow']);
    expect(follow.code).toBe(0);
    expect(follow.output).toContain('fake-agent: working on slow');
    expect(follow.output).toContain('[orch] attempt 1 succeeded');
    expect(await exited(run)).toBe(0);
  });

  it('exits 2 with usage help on an unknown command or option', () => {
    const p = tempProject();
    expect(p.orch(['frobnicate']).code).toBe(2);
    const r = p.orch(['run', '--concurrency', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected a positive whole number, got "0"');
  });
});

describe('orch skill install', () => {
  it('copies the skill for Claude Code and Codex into the project, once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-skill-'));
    const dry = orchIn(dir, ['skill', 'install', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(fs.existsSync(path.join(dir, '.claude'))).toBe(false);
    const first = orchIn(dir, ['skill', 'install']);
    expect(first.code, first.stderr).toBe(0);
    for (const target of ['.claude/skills/orch/SKILL.md', '.agents/skills/orch/SKILL.md']) {
      expect(fs.readFileSync(path.join(dir, target), 'utf8')).toMatch(/^---\nname: orch\n/);
    }
    const again = orchIn(dir, ['skill', 'install', '--claude']);
    expect(again.stdout).toMatch(/^keep /);
  });
});

describe('orch run --json', () => {
  it('prints every event as one JSON line', () => {
    const p = tempProject();
    p.card('a', '');
    const r = p.orch(['run', '--json']);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; to?: string });
    expect(events[0]!.type).toBe('run-started');
    expect(events.filter((e) => e.type === 'card').map((e) => e.to)).toEqual(['pending', 'running', 'done']);
    expect(events.at(-1)!.type).toBe('run-ended');
  });
});
