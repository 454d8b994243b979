import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, FAKES, tempProject } from '../helpers.js';

const orchIn = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, CI: '1', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('finding the project', () => {
  it('finds .orchestrator/ from a subfolder, like git (it said "no .orchestrator/ folder here" before)', () => {
    const p = tempProject();
    p.card('a', '');
    p.write('src/deep/x.txt', 'x');
    const r = orchIn(p.file('src/deep'), ['run']);
    expect(r.stderr).toContain('all cards done');
    expect(r.code).toBe(0);
    expect(p.exists('.orchestrator/results/a.md')).toBe(true);
    expect(fs.existsSync(p.file('src/deep/.orchestrator'))).toBe(false);
    expect(orchIn(p.file('src'), ['status']).stdout).toMatch(/1 done/);
  });

  it('stops at the filesystem root and says what to do', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-none-'));
    const r = orchIn(dir, ['status']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no \.orchestrator\/ folder here.*orch init/);
  });

  it('-C <dir> runs as if started there', () => {
    const p = tempProject();
    p.card('a', '');
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-else-'));
    expect(orchIn(elsewhere, ['-C', p.root, 'run']).code).toBe(0);
    expect(p.exists('.orchestrator/results/a.md')).toBe(true);
    const missing = orchIn(elsewhere, ['-C', 'nope', 'status']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error -C nope: no such folder/);
  });

  it('orch init refuses in a subfolder of a project, in one line, unless --here', () => {
    const p = tempProject();
    p.write('sub/keep.txt', '');
    const r = orchIn(p.file('sub'), ['init']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('already exists in a parent folder');
    expect(fs.existsSync(p.file('sub/.orchestrator'))).toBe(false);
    expect(orchIn(p.file('sub'), ['init', '--here']).code).toBe(0);
    expect(fs.existsSync(p.file('sub/.orchestrator/orchestrator.yaml'))).toBe(true);
  });
});

describe('short options', () => {
  it('-n is --dry-run and -j is --concurrency', () => {
    const p = tempProject();
    p.card('a', '');
    p.card('b', '');
    const dry = p.orch(['run', '-n', '-j', '1']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would start/);
    expect(p.exists('.orchestrator/results/a.md')).toBe(false);
    expect(p.orch(['run', '-j', '1']).code).toBe(0);
    expect(p.events().find((e) => e.type === 'run-started')).toMatchObject({ concurrency: 1 });
  });

  it('--help shows examples and the exit codes', () => {
    const r = orchIn(os.tmpdir(), ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toMatch(/Exit codes:[\s\S]*\b0 [\s\S]*\b1 [\s\S]*\b2 [\s\S]*\b3 [\s\S]*130/);
  });
});

describe('orch completion', () => {
  it('prints a bash script that registers itself and completes commands and options from the program', () => {
    const r = orchIn(os.tmpdir(), ['completion', 'bash']);
    expect(r.code).toBe(0);
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orch-comp-')), 'orch.bash');
    fs.writeFileSync(script, r.stdout);
    const probe = (words: string[]) => `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _orch; echo "\${COMPREPLY[*]}"`;
    const bash = spawnSync('bash', ['--norc', '-c', [`source ${script}`, 'complete -p orch', probe(['orch', 'st']), probe(['orch', 'run', '--d']), probe(['orch', '-C', '/tmp', 'run', '-']), probe(['orch', 'skill', 'install', '--c']), probe(['orch', 'completion', ''])].join('\n')], { encoding: 'utf8' });
    const lines = bash.stdout.trim().split('\n');
    expect(lines[0]).toBe('complete -F _orch orch');
    expect(lines[1]).toBe('status');
    expect(lines[2]).toBe('--dry-run --detach');
    expect(lines[3]!.split(' ')).toEqual(expect.arrayContaining(['-j', '--concurrency', '-n', '--dry-run', '--only', '--json']));
    expect(lines[4]).toBe('--claude --codex');
    expect(lines[5]).toBe('bash zsh fish --help');
  });

  it.each(['zsh', 'fish'])('prints a %s script naming every command', (shell) => {
    const r = orchIn(os.tmpdir(), ['completion', shell]);
    expect(r.code).toBe(0);
    for (const command of ['init', 'add', 'validate', 'run', 'status', 'wait', 'report', 'reset', 'logs', 'skill', 'completion']) expect(r.stdout).toContain(command);
    expect(r.stdout).toContain(shell === 'zsh' ? '#compdef orch' : "complete -c orch -n '__fish_seen_subcommand_from run' -s n -l dry-run");
  });

  it('refuses an unknown shell in one line', () => {
    const r = orchIn(os.tmpdir(), ['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error unknown shell "tcsh" — pick one of bash, zsh, fish\n');
  });
});

describe('orch logs', () => {
  it("renders the fake claude's stream-json readably; --raw prints the bytes as written", () => {
    const p = tempProject(`concurrency: 2\ndefaults: { agent: claude, retries: 0, timeout: 20s }\nagents:\n  claude: { use: claude, bin: "${path.join(FAKES, 'claude')}" }\n`);
    p.card('c', '', 'Review.\n@fake output the findings table');
    expect(p.orch(['run']).code).toBe(0);
    const rendered = p.orch(['logs', 'c']);
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).not.toContain('{"type"');
    expect(rendered.stdout).toMatch(/^\[claude\] claude-sonnet-4-5/m);
    expect(rendered.stdout).toMatch(/^the findings table$/m);
    expect(rendered.stdout).toMatch(/^\[result\] success · 1 turn · .* · \$0\.0123$/m);
    const raw = p.orch(['logs', 'c', '--raw']);
    expect(raw.stdout).toBe(p.read('.orchestrator/logs/c.1.log'));
    expect(raw.stdout).toContain('{"type":"result"');
  });
});

describe('inside a card', () => {
  it('orch run refuses in one line, exit 2, when ORCH_TASK_ID is set for this project', () => {
    const p = tempProject();
    p.card('a', '');
    const r = p.orch(['run'], { env: { ORCH_TASK_ID: 'a', ORCH_DIR: p.file('.orchestrator') } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error orch run inside card a of this project/);
    expect(p.events()).toEqual([]);
    expect(p.orch(['run'], { env: { ORCH_TASK_ID: 'a', ORCH_DIR: '/elsewhere/.orchestrator' } }).code).toBe(0);
  });

  it('a card whose agent runs orch run on its own project fails, and nothing nests', () => {
    const p = tempProject(`concurrency: 2\ndefaults: { agent: nest, retries: 0, timeout: 20s }\nagents:\n  nest: { use: command, command: ["${process.execPath}", "${CLI}", "run"] }\n`);
    p.card('inner', '');
    const r = p.orch(['run']);
    expect(r.code).toBe(1);
    expect(p.read('.orchestrator/logs/inner.1.log')).toMatch(/error orch run inside card inner of this project/);
    expect(p.events().filter((e) => e.type === 'run-started')).toHaveLength(1);
  });
});

describe('--detach where the runner would die with the shell call', () => {
  const root = process.getuid?.() === 0;
  const unshare = spawnSync('unshare', ['--pid', '--fork', 'true']).status === 0;
  if (!root || !unshare) console.log(`skipped the PID namespace e2e: ${!root ? 'not root' : 'unshare --pid does not work here'}`);

  it.skipIf(!root || !unshare).each([
    ['a fresh PID namespace sharing /proc (NSpid with two pids)', ['--pid', '--fork']],
    ['a fresh PID namespace with its own /proc (orch is pid 1)', ['--pid', '--fork', '--mount-proc']],
  ])('refuses in %s, saying to run in the foreground', (_name, flags) => {
    const p = tempProject();
    p.card('a', '');
    const r = spawnSync('unshare', [...flags, process.execPath, CLI, 'run', '--detach'], { cwd: p.root, env: p.env, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/run `orch run` in the foreground and poll that same shell session/);
    expect(p.events()).toEqual([]);
  });

  it("refuses under Codex's sandbox markers", () => {
    const p = tempProject();
    p.card('a', '');
    const r = p.orch(['run', '--detach'], { env: { CODEX_SANDBOX_NETWORK_DISABLED: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Codex's sandbox/);
  });
});

describe('exit codes', () => {
  it('orch status exits 1 when a card failed or is blocked (it exited 0), --json too', () => {
    const p = tempProject();
    p.card('bad', '', 'B.\n@fake fail 5');
    p.card('after', 'deps: [bad]');
    p.card('ok', '');
    expect(p.orch(['run']).code).toBe(1);
    expect(p.orch(['status']).code).toBe(1);
    expect(p.orch(['status', '--json']).code).toBe(1);
    expect(p.orch(['reset', '--failed']).code).toBe(0);
    expect(p.orch(['status']).code).toBe(0);
  });

  it('orch status exits 0 when every card is done', () => {
    const p = tempProject();
    p.card('a', '');
    expect(p.orch(['run']).code).toBe(0);
    expect(p.orch(['status']).code).toBe(0);
    expect(p.orch(['status', '--json']).code).toBe(0);
  });

  it('orch validate exits 1 on warnings only with --strict', () => {
    const p = tempProject();
    p.card('a', '');
    p.card('b', '');
    const plain = p.orch(['validate']);
    expect(plain.stderr).toMatch(/warning/);
    expect(plain.code).toBe(0);
    const strict = p.orch(['validate', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/--strict/);
  });

  it('plain text in CI: status and run lines carry no emoji', () => {
    const p = tempProject();
    p.card('a', '');
    const run = p.orch(['run']);
    const status = p.orch(['status']);
    for (const text of [run.stdout, run.stderr, status.stdout]) expect(text).not.toMatch(/\p{Emoji_Presentation}/u);
    expect(status.stdout).toMatch(/1 done/);
  });
});
