import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers.js';

describe('strict input, through the built orch', () => {
  it('an unknown field exits 2 with file:line and the field meant, and runs nothing', () => {
    const p = tempProject();
    p.card('lint', '');
    p.card('merge', 'dependson: [lint]\nfinal: true');
    for (const args of [['validate'], ['run']]) {
      const r = p.orch(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('.orchestrator/tasks/merge.md:3:1: error unknown field "dependson" — did you mean "deps"?');
    }
    expect(p.invocations()).toEqual([]);
  });

  it('a FIFO named like a card is an error naming it, not a hang', () => {
    const p = tempProject();
    p.card('a', '');
    execFileSync('mkfifo', [p.file('.orchestrator/tasks/x.md')]);
    fs.mkdirSync(p.file('.orchestrator/tasks/dir.md'));
    fs.symlinkSync(p.file('.orchestrator/tasks/a.md'), p.file('.orchestrator/tasks/link.md'));
    for (const args of [['validate'], ['run']]) {
      const r = p.orch(args, { timeoutMs: 15_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('.orchestrator/tasks/x.md: error a FIFO, not a card file');
      expect(r.stderr).toContain('.orchestrator/tasks/dir.md: error a directory, not a card file');
      expect(r.stderr).toContain('.orchestrator/tasks/link.md: error a symbolic link, not a card file');
    }
  });

  it('keeps the id 1.50 as written', () => {
    const p = tempProject();
    p.card('1.50', '');
    p.card('after', 'deps: [1.50]\nfinal: true');
    const r = p.orch(['run']);
    expect(r.code).toBe(0);
    expect(p.exists('.orchestrator/results/1.50.md')).toBe(true);
    expect(JSON.parse(p.orch(['status', '--json']).stdout).cards.map((c: { id: string }) => c.id).sort()).toEqual(['1.50', 'after']);
  });

  it('no tasks/ folder, or no cards, exits 2 with what to do', () => {
    const p = tempProject();
    fs.rmSync(p.file('.orchestrator/tasks'), { recursive: true });
    for (const args of [['validate'], ['run']]) {
      const r = p.orch(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('error no .orchestrator/tasks/ folder: there is nothing to run');
    }
    fs.mkdirSync(p.file('.orchestrator/tasks'));
    const r = p.orch(['run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error no cards in .orchestrator/tasks/: there is nothing to run — write a card as .orchestrator/tasks/<id>.md');
  });

  it('settings of the wrong type are errors with their line', () => {
    const p = tempProject('goal: [a, b]\ndefaults: {agent: 5}\n');
    p.card('a', 'agent: fake');
    const r = p.orch(['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.orchestrator/orchestrator.yaml:1:7: error goal: expected text');
    expect(r.stderr).toContain('.orchestrator/orchestrator.yaml:2:19: error defaults.agent: expected a name, got 5');
  });

  it('an orchestrator.yaml that is a directory is one line, exit 2', () => {
    const p = tempProject();
    p.card('a', '');
    fs.rmSync(p.file('.orchestrator/orchestrator.yaml'));
    fs.mkdirSync(p.file('.orchestrator/orchestrator.yaml'));
    const r = p.orch(['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')[0]).toBe('.orchestrator/orchestrator.yaml: error a directory, not a settings file — orchestrator.yaml must be a YAML file: remove or rename this entry');
  });

  it.each([
    ['timeout: 1000h', '.orchestrator/tasks/a.md:3:10: error timeout: "1000h" is longer than a timer can hold'],
    ['model: --yolo', '.orchestrator/tasks/a.md:3:8: error model: "--yolo" would be read as a command-line option'],
    ["outputs: ['.orchestrator/**']", `.orchestrator/tasks/a.md:3:1: error outputs: ".orchestrator/**" can only match orch's own files`],
    ['write: false\noutputs: [x.txt]', '.orchestrator/tasks/a.md:3:1: error write: false, yet the card has outputs'],
    ['command: echo hi\nagent: claude', '.orchestrator/tasks/a.md:3:1: error command: agent "claude" is a claude agent and would ignore it'],
  ])('rejects %s with file:line', (front, expected) => {
    const p = tempProject();
    p.card('a', front);
    const r = p.orch(['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(expected);
  });

  it('warns about .MD and .markdown files, which are not read', () => {
    const p = tempProject();
    p.card('a', '');
    p.write('.orchestrator/tasks/B.MD', '---\nid: B\n---\nx\n');
    p.write('.orchestrator/tasks/c.markdown', '---\nid: c\n---\nx\n');
    const r = p.orch(['validate']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('.orchestrator/tasks/B.MD: warning not read as a card: card files end in ".md" (lower case) — rename it to B.md');
    expect(r.stderr).toContain('.orchestrator/tasks/c.markdown: warning not read as a card');
  });

  it('a card with bad YAML is one error: its dependents do not also report an unknown dep', () => {
    const p = tempProject();
    p.card('loc', 'deps: [a');
    p.card('sum', 'deps: [loc]\nfinal: true');
    const r = p.orch(['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.orchestrator/tasks/loc.md');
    expect(r.stderr).not.toContain('unknown dep');
    expect(r.stderr).not.toContain('none is final');
  });

  it('orch add takes the common fields as flags and writes <id>.md that validates', () => {
    const p = tempProject();
    const r = p.orch(['add', '--id', 'lint', '--agent', 'fake', '--command', 'echo ok', '--final', '--estimate', '30s',
      '--inputs', 'src/**,test/**', '--outputs', 'out/lint.txt', '--writes', 'out/**', '--verify', 'test -f out/lint.txt',
      '--timeout', '2m', '--retries', '1', '--workspace', 'project', '--always', '--approve', 'false', '--body', 'Lint it.']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('created .orchestrator/tasks/lint.md\n');
    expect(p.read('.orchestrator/tasks/lint.md')).toBe([
      '---', 'id: lint', 'agent: fake', 'command: echo ok', 'inputs: [src/**, test/**]', 'outputs: [out/lint.txt]', 'writes: [out/**]',
      'verify: test -f out/lint.txt', 'workspace: project', 'estimate: 30s', 'timeout: 2m', 'retries: 1', 'final: true', 'always: true',
      'approve: false', '---', 'Lint it.', '',
    ].join('\n'));
    const v = p.orch(['validate']);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('valid: 1 card(s)');
  });

  it('orch add writes nothing for a card validate would reject, and says why in one line', () => {
    const p = tempProject();
    p.card('a', '');
    const r = p.orch(['add', '--id', 'b', '--deps', 'nope', '--body', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.orchestrator/tasks/b.md:3:1: error unknown dep "nope"');
    expect(p.exists('.orchestrator/tasks/b.md')).toBe(false);
    const flag = p.orch(['add', '--id', 'c', '--model=--yolo', '--body', 'x']);
    expect(flag.code).toBe(2);
    expect(p.exists('.orchestrator/tasks/c.md')).toBe(false);
  });

  it('orch init --bare makes the folder with no sample card', () => {
    const p = tempProject();
    fs.rmSync(p.file('.orchestrator'), { recursive: true });
    const r = p.orch(['init', '--bare']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(p.file('.orchestrator/tasks'))).toEqual([]);
    expect(p.exists('.orchestrator/orchestrator.yaml')).toBe(true);
  });
});
