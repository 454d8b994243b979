import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/cards/card.js';
import type { Config } from '../../src/config/config.js';
import { findRepo } from '../../src/workspace/repo.js';
import { workspaceSettings } from '../../src/workspace/settings.js';
import { Workspaces } from '../../src/workspace/workspaces.js';
import { gitIn, gitOk, gitProject, mergedCards } from '../git-helpers.js';

const card = (id: string) => ({ id, title: `card ${id}`, deps: [], write: true, outputs: [], writes: [], hash: id, file: '', lines: {} }) as unknown as Card;

async function workspaces(root: string, wt: string, extra: Partial<Config> = {}): Promise<Workspaces> {
  const config = { defaults: {}, merge: { into: '' }, worktree: {}, worktrees: { dir: wt, keep: false }, ...extra } as unknown as Config;
  return new Workspaces((await findRepo(root))!, root, workspaceSettings(config, root));
}

const registered = (root: string) => gitIn(root, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).map((l) => l.slice(9));

describe('worktrees made side by side', { timeout: 120_000 }, () => {
  it('creates 12 card worktrees at once, each on its branch at the integration commit, then merges and removes them all at once', async () => {
    const files = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`src/f${i}.txt`, `file ${i}\n`]));
    const p = gitProject('', files);
    const ws = await workspaces(p.root, p.wt);
    const ids = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const trees = await Promise.all(ids.map((id) => ws.create(card(id), 1, 'worktree')));
    const base = gitIn(p.root, 'rev-parse', 'orch/integration');
    for (const [i, tree] of trees.entries()) {
      expect(tree.path).toBe(path.join(p.wt, ids[i]!));
      expect(gitIn(tree.path, 'symbolic-ref', 'HEAD')).toBe(`refs/heads/orch/card/${ids[i]}`);
      expect(gitIn(tree.path, 'rev-parse', 'HEAD')).toBe(base);
      expect(gitIn(tree.path, 'status', '--porcelain')).toBe('');
      expect(fs.readFileSync(path.join(tree.path, 'src', 'f199.txt'), 'utf8')).toBe('file 199\n');
    }
    expect(registered(p.root).sort()).toEqual([p.root, path.join(p.wt, '_integration'), ...trees.map((t) => t.path)].sort());
    const commits = await Promise.all(trees.map((tree, i) => {
      fs.writeFileSync(path.join(tree.path, `${ids[i]}.txt`), `by ${ids[i]}\n`);
      return ws.commit(tree, card(ids[i]!), 'run-1');
    }));
    const order: string[] = [];
    const merged = await Promise.all(trees.map((tree, i) => ws.merge({ card: ids[i]!, title: `card ${ids[i]}`, run: 'run-1', commit: commits[i]!, branch: tree.branch!, timeoutMs: 60_000, write: () => {} }, () => order.push(ids[i]!))));
    expect(merged.map((m) => m.kind)).toEqual(ids.map(() => 'merged'));
    expect(order).toEqual(ids); // one at a time, in the order they were queued
    expect(mergedCards(p).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(gitIn(p.root, 'show', `orch/integration:${id}.txt`)).toBe(`by ${id}`);
    await Promise.all(trees.map((tree) => ws.remove(tree.path, tree.branch)));
    await ws.close();
    expect(registered(p.root)).toEqual([p.root]);
    for (const id of ids) expect(gitOk(p.root, 'rev-parse', '--verify', '-q', `refs/heads/orch/card/${id}`)).toBe(false);
    expect(gitIn(p.root, 'status', '--porcelain')).toBe('');
    expect(gitIn(p.root, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  });

  it('reuses worktrees put away while new cards were waiting for one, each ending on its own branch with nothing of the last card left', async () => {
    const p = gitProject();
    const ws = await workspaces(p.root, p.wt);
    const first = await Promise.all(['a', 'b'].map((id) => ws.create(card(id), 1, 'worktree')));
    for (const tree of first) fs.writeFileSync(path.join(tree.path, 'left-over.txt'), 'untracked\n');
    const removed = first.map((tree) => ws.remove(tree.path, tree.branch, true));
    const next = await Promise.all(['c', 'd'].map((id) => ws.create(card(id), 1, 'worktree')));
    await Promise.all(removed);
    for (const tree of next) {
      expect(gitIn(tree.path, 'symbolic-ref', 'HEAD')).toBe(`refs/heads/${tree.branch}`);
      expect(fs.existsSync(path.join(tree.path, 'left-over.txt'))).toBe(false);
      expect(gitIn(tree.path, 'status', '--porcelain')).toBe('');
    }
    // both were reused: nothing left under _free, and no third or fourth worktree was checked out
    expect(registered(p.root).filter((w) => w.includes(`${path.sep}_free${path.sep}`))).toEqual([]);
    expect(registered(p.root)).toHaveLength(4);
    await Promise.all(next.map((tree) => ws.remove(tree.path, tree.branch)));
    await ws.close();
    expect(registered(p.root)).toEqual([p.root]);
  });
});
