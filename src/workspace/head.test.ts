import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGitDirs, headHasCommit } from './head.js';

const NO_GIT_ENV = {};

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

const temp = (): string => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'orch-head-')));

describe('headHasCommit', () => {
  it('is false outside a repository, and in one with no commit yet', () => {
    const root = temp();
    expect(headHasCommit(root, NO_GIT_ENV)).toBe(false);
    git(root, 'init', '-q', '-b', 'main');
    expect(headHasCommit(root, NO_GIT_ENV)).toBe(false);
  });

  it('follows HEAD to a loose ref, to packed-refs, and to a detached commit, from a subfolder too', () => {
    const root = temp();
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'commit', '-q', '--allow-empty', '-m', 'one');
    fs.mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
    expect(headHasCommit(path.join(root, 'sub', 'deeper'), NO_GIT_ENV)).toBe(true);
    git(root, 'pack-refs', '--all');
    expect(fs.existsSync(path.join(root, '.git', 'refs', 'heads', 'main'))).toBe(false);
    expect(headHasCommit(root, NO_GIT_ENV)).toBe(true);
    git(root, 'checkout', '-q', '--detach');
    expect(headHasCommit(root, NO_GIT_ENV)).toBe(true);
  });

  it('reads a linked worktree through its .git file and commondir', () => {
    const root = temp();
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'commit', '-q', '--allow-empty', '-m', 'one');
    const linked = path.join(temp(), 'linked');
    git(root, 'worktree', 'add', '-q', '-b', 'side', linked);
    expect(fs.statSync(path.join(linked, '.git')).isFile()).toBe(true);
    expect(findGitDirs(linked, NO_GIT_ENV)?.commonDir).toBe(path.join(root, '.git'));
    expect(headHasCommit(linked, NO_GIT_ENV)).toBe(true);
  });

  it('skips a .git folder without HEAD, as git does, and leaves a reftable repository to git', () => {
    const root = temp();
    fs.mkdirSync(path.join(root, 'inner', '.git'), { recursive: true });
    expect(findGitDirs(path.join(root, 'inner'), NO_GIT_ENV)).toBeUndefined();
    fs.writeFileSync(path.join(root, 'inner', '.git', 'HEAD'), 'ref: refs/heads/.invalid\n');
    fs.mkdirSync(path.join(root, 'inner', '.git', 'reftable'));
    expect(headHasCommit(path.join(root, 'inner'), NO_GIT_ENV)).toBe('unknown');
  });

  it('takes $GIT_DIR when it is set', () => {
    const repo = temp();
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'one');
    const elsewhere = temp();
    expect(headHasCommit(elsewhere, NO_GIT_ENV)).toBe(false);
    expect(headHasCommit(elsewhere, { GIT_DIR: path.join(repo, '.git') })).toBe(true);
  });
});
