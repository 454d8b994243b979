import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers.js';
import { gitIn } from '../git-helpers.js';

describe('orch validate and workspaces', { timeout: 60_000 }, () => {
  it('reports workspace: worktree outside a git repository at the card\'s line, on one line, and exits 2', () => {
    const p = tempProject();
    p.card('a', 'title: A\nworkspace: worktree', 'Edit.');
    p.card('b', 'title: B\nwrite: true', 'Edit.');
    const r = p.orch(['validate']);
    expect(r.code).toBe(2);
    const errors = r.stderr.split('\n').filter((l) => l.includes(' error '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\.orchestrator\/tasks\/a\.md:4:1: error workspace: worktree needs a git repository with at least one commit, and .+ is not one — run `git init` and commit, or write `workspace: project`$/);
    expect(r.stderr).not.toContain('b.md');
  });

  it('reports it in a repository with no commit yet, and accepts it once there is one', () => {
    const p = tempProject();
    p.card('a', 'workspace: worktree', 'Edit.');
    gitIn(p.root, 'init', '-q', '-b', 'main');
    const before = p.orch(['validate']);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/tasks\/a\.md:3:1: error workspace: worktree needs a git repository/);
    gitIn(p.root, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'base');
    const after = p.orch(['validate']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('valid: 1 card(s)');
  });

  it('accepts a writing card (workspace auto) outside git: it runs in the project', () => {
    const p = tempProject();
    p.card('w', 'write: true', 'Edit.\n@fake write out.txt written');
    const r = p.orch(['validate']);
    expect(r.code, r.stderr).toBe(0);
    const run = p.orch(['run']);
    expect(run.code, run.stderr).toBe(0);
    expect(p.read('out.txt')).toBe('written\n');
  });
});
