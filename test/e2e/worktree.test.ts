import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitIn, gitOk, gitProject, mergedCards } from '../git-helpers.js';
import { FAKES, tempProject, type TempProject } from '../helpers.js';

function peakConcurrency(p: TempProject): number {
  const lines = fs.readFileSync(path.join(p.state, 'invocations.log'), 'utf8').trim().split('\n').map((l) => l.split(' '));
  const marks = lines.map(([, , , what, t]) => ({ t: Number(t), d: what === 'start' ? 1 : -1 })).sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0, peak = 0;
  for (const m of marks) peak = Math.max(peak, (now += m.d));
  return peak;
}

const cwdOf = (p: TempProject, id: string) => fs.readFileSync(path.join(p.state, `${id}.cwd`), 'utf8');
const orchWorktrees = (p: TempProject) => gitIn(p.root, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).length - 1;

/** A folder with a `git` that says it is 2.37 (no merge-tree --write-tree) and runs the real one for everything else. */
function oldGitShim(p: TempProject): string {
  const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  const dir = p.file('.fake-state/old-git');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'git'), `#!/bin/sh\nfor a in "$@"; do [ "$a" = version ] && { echo "git version 2.37.0"; exit 0; }; done\nexec ${real} "$@"\n`, { mode: 0o755 });
  return dir;
}

describe('worktree workspace', { timeout: 120_000 }, () => {
  it('runs 6 cards editing disjoint files in parallel, each in its own worktree, and merges all 6 commits without touching the main tree', () => {
    const p = gitProject();
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    for (const id of ids) p.card(id, 'write: true', `Edit.\n@fake write src/${id}.txt made by ${id}\n@fake sleep 1500`);
    const r = p.orch(['run']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(peakConcurrency(p)).toBeGreaterThan(1);
    const cwds = ids.map((id) => cwdOf(p, id));
    expect(new Set(cwds).size).toBe(6);
    for (const [i, cwd] of cwds.entries()) expect(cwd).toBe(path.join(p.wt, ids[i]!));
    expect(mergedCards(p).sort()).toEqual(ids);
    for (const id of ids) {
      expect(p.exists(`src/${id}.txt`)).toBe(false);
      expect(gitIn(p.root, 'show', `orch/integration:src/${id}.txt`)).toBe(`made by ${id}`);
    }
    expect(gitIn(p.root, 'status', '--porcelain')).toBe('');
    expect(gitIn(p.root, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(orchWorktrees(p)).toBe(0);
    expect(gitIn(p.root, 'branch', '--list', 'orch/card/*')).toBe('');
    const merged = p.events().filter((e) => e.type === 'merged');
    expect(merged.map((e) => e.card).sort()).toEqual(ids);
    expect(merged[0]).toMatchObject({ files: 1, added: 1, removed: 0, branch: expect.stringMatching(/^orch\/card\//) });
    const message = gitIn(p.root, 'log', '-1', '--format=%B', `orch/integration^2`);
    expect(message).toMatch(/^c\d: c\d\n\nOrch-Card: c\d\nOrch-Run: \S+$/);
  });

  // without merge.verify conflicts are found by merge-tree, with it by a merge in the checked-out integration worktree
  it.each([['without merge.verify', ''], ['with merge.verify', 'merge: { verify: "true" }\n']])('redoes the card whose change conflicts (%s), on top of the work merged before it', (_, config) => {
    const p = gitProject(config, { 'shared.txt': 'base\n' });
    p.card('a', 'write: true\nretries: 1', 'Edit.\n@fake write shared.txt from a\n@fake sleep 300');
    p.card('b', 'write: true\nretries: 1', 'Edit.\n@fake write shared.txt from b\n@fake sleep 300');
    const r = p.orch(['run']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const failed = p.events().filter((e) => e.type === 'merge-failed');
    expect(failed).toHaveLength(1);
    const loser = failed[0]!.card as string;
    const winner = loser === 'a' ? 'b' : 'a';
    expect(failed[0]).toMatchObject({ kind: 'conflict', files: ['shared.txt'], message: expect.stringContaining(winner) });
    expect(p.read(`.orchestrator/logs/prompts/${loser}.2.md`)).toContain(`conflicted with the merged work of "${winner}" in shared.txt`);
    expect(p.read(`.orchestrator/logs/prompts/${loser}.2.md`)).toContain(`+from ${winner}`);
    expect(mergedCards(p)).toEqual([winner, loser]);
    expect(gitIn(p.root, 'show', 'orch/integration:shared.txt')).toBe(`from ${loser}`);
  });

  it('fails the conflicting card with merge_conflict under onConflict: fail, keeping its branch', () => {
    const p = gitProject('', { 'shared.txt': 'base\n' });
    p.card('a', 'write: true\nretries: 2\nonConflict: fail', 'Edit.\n@fake write shared.txt from a\n@fake sleep 300');
    p.card('b', 'write: true\nretries: 2\nonConflict: fail', 'Edit.\n@fake write shared.txt from b\n@fake sleep 300');
    const r = p.orch(['run']);
    expect(r.code).toBe(1);
    const changes = p.events().filter((e) => e.type === 'card' && (e.to === 'failed' || e.to === 'done'));
    const failed = changes.filter((e) => e.to === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ errorKind: 'merge_conflict' });
    const loser = failed[0]!.card as string;
    expect(p.invocations().filter((i) => i.card === loser && i.what === 'start')).toHaveLength(1);
    expect(gitOk(p.root, 'rev-parse', '--verify', `refs/heads/orch/card/${loser}`)).toBe(true);
    expect(gitIn(p.root, 'show', `orch/card/${loser}:shared.txt`)).toBe(`from ${loser}`);
  });

  it('starts a dependent on the integration state holding its dep\'s change; a reader sees it too', () => {
    const p = gitProject();
    p.card('a', 'write: true', 'Edit.\n@fake write x.txt from a');
    p.card('b', 'deps: [a]\nwrite: true\nverify: grep -q "from a" x.txt', 'Edit.\n@fake write y.txt from b');
    p.card('c', 'deps: [a]\nverify: grep -q "from a" x.txt', 'Read.');
    p.write('notes.txt', 'not committed\n');
    const r = p.orch(['run']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect((r.stderr + r.stdout).match(/uncommitted change/g)).toHaveLength(1);
    expect(cwdOf(p, 'c')).toBe(path.join(p.wt, '_read', 'c.1'));
    expect(mergedCards(p)).toEqual(['a', 'b']);
    expect(orchWorktrees(p)).toBe(0);
    expect(p.orch(['diff', 'a']).stdout).toContain('+from a');
    expect(p.orch(['diff', 'b', '--stat']).stdout).toContain('y.txt | 1 +');
    p.write('README.md', 'edited\n');
    const refused = p.orch(['merge']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error the working tree has uncommitted changes \(README.md\)/);
    gitIn(p.root, 'checkout', '-q', 'README.md');
    const merged = p.orch(['merge']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('into main (fast-forward)');
    expect(p.read('x.txt')).toBe('from a\n');
    expect(p.read('y.txt')).toBe('from b\n');
    expect(gitIn(p.root, 'branch')).toBe('* main');
  });

  it('undoes a merge whose merge.verify fails and fails the card with merge_verify', () => {
    const p = gitProject('merge: { verify: "test ! -f bad.txt" }\n');
    p.card('good', 'write: true', 'Edit.\n@fake write good.txt fine');
    p.card('bad', 'deps: [good]\nwrite: true', 'Edit.\n@fake write bad.txt broken');
    const r = p.orch(['run']);
    expect(r.code).toBe(1);
    const failed = p.events().find((e) => e.type === 'card' && e.to === 'failed');
    expect(failed).toMatchObject({ card: 'bad', errorKind: 'merge_verify' });
    expect(p.events().find((e) => e.type === 'merge-failed')).toMatchObject({ card: 'bad', kind: 'verify' });
    expect(mergedCards(p)).toEqual(['good']);
    expect(gitOk(p.root, 'cat-file', '-e', 'orch/integration:bad.txt')).toBe(false);
    expect(p.read('.orchestrator/logs/bad.1.log')).toContain('merge.verify: test ! -f bad.txt');
  });

  it('copies the untracked files .worktreeinclude names (.env) into each worktree, and never commits them', () => {
    const p = gitProject('', { '.worktreeinclude': '.env\n' });
    fs.appendFileSync(p.file('.gitignore'), '.env\n');
    gitIn(p.root, 'commit', '-qam', 'ignore .env');
    p.write('.env', 'TOKEN=SECRET\n');
    p.card('a', 'write: true\nverify: grep -q SECRET .env', 'Edit.\n@fake write a.txt done');
    const r = p.orch(['run']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(gitOk(p.root, 'cat-file', '-e', 'orch/integration:.env')).toBe(false);
    expect(gitIn(p.root, 'show', 'orch/integration:a.txt')).toBe('done');
  });

  // with merge.verify (or a git older than 2.38) the merge is staged in the integration worktree's files; without, it is a tree not yet committed
  it.each([['with merge.verify', 'merge: { verify: "true" }\n', false], ['without merge.verify', '', false], ['git 2.37', '', true]])('after kill -9 mid-merge (%s), a rerun holds the card\'s work on the integration branch exactly once, with nothing half merged', (_, config, oldGit) => {
    const p = gitProject(config);
    const env = oldGit ? { PATH: `${oldGitShim(p)}${path.delimiter}${process.env.PATH}` } : {};
    p.card('a', 'write: true', 'Edit.\n@fake write a.txt from a');
    p.card('b', 'deps: [a]\nwrite: true', 'Edit.\n@fake write b.txt from b');
    const crashed = p.orch(['run'], { env: { ...env, ORCH_TEST_CRASH: 'mid-merge:a' } });
    expect(crashed.code).toBe(137);
    const integration = path.join(p.wt, '_integration');
    expect(fs.existsSync(path.join(p.root, '.git', 'worktrees', '_integration', 'MERGE_HEAD'))).toBe(config !== '' || oldGit);
    expect(mergedCards(p)).toEqual([]);
    const r = p.orch(['run'], { env });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(mergedCards(p)).toEqual(['a', 'b']);
    expect(p.invocations().filter((i) => i.card === 'a' && i.what === 'start')).toHaveLength(1);
    expect(p.read('.orchestrator/results/a.md')).toContain('done a attempt 1');
    expect(p.read('.orchestrator/logs/a.1.log')).toContain('recovered the work of attempt 1');
    const locks = spawnSync('find', [path.join(p.root, '.git'), '-name', '*.lock'], { encoding: 'utf8' }).stdout.trim();
    expect(locks).toBe('');
    expect(fs.existsSync(integration)).toBe(false);
  });

  it('orch clean leaves git worktree list and git branch as they were before the run', () => {
    const p = gitProject();
    const before = [gitIn(p.root, 'worktree', 'list'), gitIn(p.root, 'branch')];
    p.card('ok', 'write: true', 'Edit.\n@fake write ok.txt ok');
    p.card('broken', 'write: true', 'Edit.\n@fake write broken.txt half\n@fake fail 1');
    expect(p.orch(['run']).code).toBe(1);
    expect(orchWorktrees(p)).toBe(1); // the failed card's worktree stays for inspection
    expect(gitIn(p.root, 'branch')).toContain('orch/integration');
    const r = p.orch(['clean']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('deleted branch orch/integration');
    expect([gitIn(p.root, 'worktree', 'list'), gitIn(p.root, 'branch')]).toEqual(before);
  });

  it('rejects workspace: worktree outside a git repository, naming the card\'s line', () => {
    const p = tempProject();
    p.card('a', 'title: A\nworkspace: worktree', 'Edit.');
    const r = p.orch(['run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.orchestrator\/tasks\/a\.md:4:1: error workspace: worktree needs a git repository/);
    expect(p.invocations()).toHaveLength(0);
  });

  it('starts claude, codex and gemini in the card\'s worktree (codex with --cd and a writable sandbox there)', () => {
    const p = gitProject([
      'agents:',
      `  claude: { use: claude, bin: "${FAKES}/claude" }`,
      `  codex: { use: codex, bin: "${FAKES}/codex" }`,
      `  gemini: { use: gemini, bin: "${FAKES}/gemini" }`,
      '',
    ].join('\n'));
    for (const agent of ['claude', 'codex', 'gemini']) p.card(agent, `agent: ${agent}\nwrite: true`, `Edit.\n@fake write ${agent}.txt by ${agent}`);
    const r = p.orch(['run']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(cwdOf(p, 'claude')).toBe(path.join(p.wt, 'claude'));
    expect(cwdOf(p, 'gemini')).toBe(path.join(p.wt, 'gemini'));
    const argv = JSON.parse(p.read('.fake-state/codex.argv.json')) as string[];
    expect(argv).toContain(`--cd=${path.join(p.wt, 'codex')}`);
    expect(argv).toContain('--sandbox=workspace-write');
    for (const agent of ['claude', 'codex', 'gemini']) expect(gitIn(p.root, 'show', `orch/integration:${agent}.txt`)).toBe(`by ${agent}`);
  });
});
