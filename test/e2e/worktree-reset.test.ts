import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitIn, gitOk, gitProject, mergedCards } from '../git-helpers.js';

const worktreeList = (root: string): string[] =>
  gitIn(root, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).map((l) => l.slice(9));

describe('orch reset and worktrees', { timeout: 120_000 }, () => {
  it('removes a failed card\'s worktree and branch, so its rerun starts afresh from the integration branch', () => {
    const p = gitProject();
    p.card('a', 'write: true', 'Edit.\n@fake write a.txt from a');
    p.card('b', 'deps: [a]\nwrite: true', 'Edit.\n@fake fail 1');
    expect(p.orch(['run']).code).toBe(1);
    const tree = path.join(p.wt, 'b');
    expect(fs.existsSync(path.join(tree, 'a.txt'))).toBe(true);
    fs.writeFileSync(path.join(tree, 'half.txt'), 'left by the failed attempt\n');
    expect(worktreeList(p.root)).toContain(tree);
    expect(p.orch(['status']).stdout).toMatch(/orch\/card\/b · worktree kept/);
    expect(p.read('.orchestrator/status.md')).toMatch(/\| orch\/card\/a @ [0-9a-f]{7} · 1 file \+1 −0 +\|/);
    expect(p.read('.orchestrator/status.md')).toMatch(/\| orch\/card\/b · worktree kept +\|/);

    const r = p.orch(['reset', 'b']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`reset 1 card(s): b\nremoved worktree ${tree}\ndeleted branch orch/card/b\n`);
    expect(fs.existsSync(tree)).toBe(false);
    expect(worktreeList(p.root)).not.toContain(tree);
    expect(gitOk(p.root, 'rev-parse', '--verify', '-q', 'refs/heads/orch/card/b')).toBe(false);
    expect(p.orch(['status']).stdout).not.toContain('worktree kept');
    const status = JSON.parse(p.orch(['status', '--json']).stdout) as { cards: Array<{ id: string; worktree: unknown }> };
    expect(status.cards.find((c) => c.id === 'b')?.worktree).toBeNull();

    p.card('b', 'deps: [a]\nwrite: true', 'Edit.\n@fake write b.txt from b');
    const rerun = p.orch(['run']);
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
    expect(mergedCards(p)).toEqual(['a', 'b']);
    expect(gitOk(p.root, 'cat-file', '-e', 'orch/integration:half.txt')).toBe(false);
    expect(gitIn(p.root, 'show', 'orch/integration:b.txt')).toBe('from b');
  });

  it('keeps a branch\'s unmerged commit as orch/kept/<id>-<commit>, which a rerun leaves alone', () => {
    const p = gitProject('', { 'shared.txt': 'base\n' });
    p.card('a', 'write: true\nonConflict: fail', 'Edit.\n@fake write shared.txt from a\n@fake sleep 300');
    p.card('b', 'write: true\nonConflict: fail', 'Edit.\n@fake write shared.txt from b\n@fake sleep 300');
    expect(p.orch(['run']).code).toBe(1);
    const loser = p.events().find((e) => e.type === 'card' && e.to === 'failed')!.card as string;
    const tip = gitIn(p.root, 'rev-parse', `orch/card/${loser}`);
    const kept = `orch/kept/${loser}-${tip.slice(0, 7)}`;

    const r = p.orch(['reset', loser]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`kept 1 unmerged commit(s) of orch/card/${loser} as branch ${kept}: the next run starts the card afresh\n`);
    expect(r.stdout).toContain(`deleted branch orch/card/${loser}\n`);
    expect(gitIn(p.root, 'rev-parse', kept)).toBe(tip);
    expect(worktreeList(p.root)).not.toContain(path.join(p.wt, loser));

    const rerun = p.orch(['run']);
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
    expect(gitIn(p.root, 'rev-parse', kept)).toBe(tip);
    expect(gitIn(p.root, 'show', `${kept}:shared.txt`)).toBe(`from ${loser}`);
    expect(p.orch(['clean']).code).toBe(0);
    expect(gitIn(p.root, 'rev-parse', kept)).toBe(tip);
  });

  it('says nothing of worktrees for a card that never had one', () => {
    const p = gitProject();
    p.card('r', '', 'Read.');
    expect(p.orch(['run']).code).toBe(0);
    expect(p.orch(['reset', 'r']).stdout).toBe('reset 1 card(s): r\n');
  });
});
