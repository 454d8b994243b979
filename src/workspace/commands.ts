import fs from 'node:fs';
import path from 'node:path';
import { OrchError } from '../errors.js';
import { readEvents } from '../state/event-log.js';
import { layoutOf, rel, type Layout } from '../state/layout.js';
import { acquireLock, releaseLock } from '../state/lock.js';
import { readConfig } from '../config/read.js';
import { git, gitOut, lines } from './git.js';
import { deleteBranch, freePath, integrationPath, removeWorktree } from './worktrees.js';
import { branchExists, cardBranch, findRepo, listWorktrees, revParse, type Repo } from './repo.js';
import { workspaceSettings, type WorkspaceSettings } from './settings.js';
import { pendingDir } from './pending.js';

export interface Context {
  layout: Layout;
  repo: Repo;
  settings: WorkspaceSettings;
}

/** The project's repository and workspace settings; a USAGE error outside git. */
export async function open(root: string): Promise<Context> {
  const layout = layoutOf(root);
  const repo = await findRepo(layout.root);
  if (!repo) throw new OrchError('USAGE', `${layout.root} is not in a git repository with a commit`, { hint: 'orch makes worktrees only in git repositories' });
  const { config } = readConfig(layout.config, rel(layout, layout.config));
  return { layout, repo, settings: workspaceSettings(config, layout.root) };
}

/** Hold the run lock while `body` runs: no run may be merging meanwhile. */
export async function locked<T>(layout: Layout, body: () => Promise<T>): Promise<T> {
  if (!fs.existsSync(layout.dir)) throw new OrchError('STATE_MISSING', `no ${rel(layout, layout.dir)}/ folder here`, { hint: 'run `orch init` first' });
  const lock = acquireLock(layout.lock);
  if (!lock.ok) {
    if ('problem' in lock) throw lock.problem;
    throw new OrchError('STATE_LOCKED', `a run is going (pid ${lock.holder.pid})`, { hint: 'wait for it with `orch wait`, then try again' });
  }
  try {
    return await body();
  } finally {
    releaseLock(layout.lock);
  }
}

/** `orch diff <id>`: the card's merged change, else its branch's change, else what its worktree holds uncommitted. */
export async function cardDiff(root: string, id: string, stat: boolean): Promise<string> {
  const { layout, repo, settings } = await open(root);
  const flags = stat ? ['--stat'] : [];
  const merged = readEvents(layout.events).filter((e) => e.type === 'merged' && e.card === id).pop();
  if (merged && merged.type === 'merged' && merged.files > 0 && (await revParse(repo.top, merged.commit))) {
    return gitOut(repo.top, ['diff', ...flags, `${merged.commit}^1`, merged.commit]).then((s) => s && `${s}\n`);
  }
  const branch = cardBranch(id);
  let out = '';
  if (await branchExists(repo.top, branch)) out += (await git(repo.top, ['diff', ...flags, `${settings.into}...${branch}`])).stdout;
  const worktree = [...(await listWorktrees(repo.top))].find(([, b]) => b === branch)?.[0];
  if (worktree && fs.existsSync(worktree)) {
    out += (await git(worktree, ['diff', ...flags, 'HEAD'])).stdout;
    const untracked = lines((await git(worktree, ['ls-files', '--others', '--exclude-standard'])).stdout);
    if (untracked.length) out += `untracked in ${worktree}:\n${untracked.map((f) => `  ${f}`).join('\n')}\n`;
  }
  if (!out && !merged) throw new OrchError('USAGE', `card "${id}" has no change orch knows of`, { hint: 'only cards run in a worktree have one' });
  return out || `${id}: changed nothing\n`;
}

/** `orch merge`: bring the integration branch into the checked-out branch (fast-forward, else a merge commit). */
export async function mergeIntegration(root: string): Promise<string> {
  const { layout, repo, settings } = await open(root);
  return locked(layout, async () => {
    const into = settings.into;
    if (!(await branchExists(repo.top, into))) return `nothing to merge: there is no ${into} branch\n`;
    const dirty = lines((await git(repo.top, ['status', '--porcelain', '--untracked-files=no'])).stdout);
    if (dirty.length) throw new OrchError('USAGE', `the working tree has uncommitted changes (${dirty.slice(0, 3).map((l) => l.slice(3)).join(', ')}${dirty.length > 3 ? ', …' : ''})`, { hint: 'commit or stash them, then run `orch merge` again' });
    const head = await gitOut(repo.top, ['rev-parse', '--abbrev-ref', 'HEAD']);
    const count = Number(await gitOut(repo.top, ['rev-list', '--count', `HEAD..${into}`]));
    if (!count) return `${head} already holds everything on ${into}\n`;
    let how = 'fast-forward';
    if (!(await git(repo.top, ['merge', '--ff-only', '-q', into])).ok) {
      const merged = await git(repo.top, ['merge', '--no-edit', '-q', into]);
      if (!merged.ok) {
        const conflicted = lines((await git(repo.top, ['diff', '--name-only', '--diff-filter=U'])).stdout);
        await git(repo.top, ['merge', '--abort']);
        throw new OrchError('USAGE', `${into} conflicts with ${head}${conflicted.length ? ` in ${conflicted.join(', ')}` : ''}; nothing was changed`, { hint: `merge it by hand: git merge ${into}` });
      }
      how = 'merge commit';
    }
    await dropIntegration(layout, repo, settings);
    return `merged ${count} commit(s) of ${into} into ${head} (${how})\n`;
  });
}

/** The integration branch is done with once merged: the next run starts it again from HEAD. */
async function dropIntegration(layout: Layout, repo: Repo, settings: WorkspaceSettings): Promise<void> {
  await removeWorktree(repo, integrationPath(settings.dir));
  if (orchMade(layout).branches.has(settings.into)) await deleteBranch(repo, settings.into);
}

/** What orch made, from the event log: worktree folders and branches. */
function orchMade(layout: Layout): { paths: Set<string>; branches: Set<string> } {
  const paths = new Set<string>();
  const branches = new Set<string>();
  for (const e of readEvents(layout.events)) {
    if (e.type === 'worktree-created') {
      paths.add(e.path);
      if (e.branch) branches.add(e.branch);
    } else if (e.type === 'integration-created') {
      paths.add(e.path);
      branches.add(e.branch);
    }
  }
  return { paths, branches };
}

/** `orch clean`: remove every worktree and branch orch made (known from the event log), and only those. */
export async function cleanWorkspaces(root: string): Promise<string> {
  const { layout, repo, settings } = await open(root);
  return locked(layout, async () => {
    const made = orchMade(layout);
    made.paths.add(integrationPath(settings.dir));
    const registered = await listWorktrees(repo.top);
    // worktrees kept for reuse by a run that died before removing them
    for (const where of registered.keys()) if (where.startsWith(`${freePath(settings.dir)}${path.sep}`)) made.paths.add(where);
    const out: string[] = [];
    for (const where of made.paths) {
        if (!registered.has(where) && !fs.existsSync(where)) continue;
        await removeWorktree(repo, where);
        out.push(`removed worktree ${where}`);
      }
      for (const branch of made.branches) {
        const tip = await revParse(repo.top, branch);
        if (!tip) continue;
        const ahead = Number((await git(repo.top, ['rev-list', '--count', `HEAD..${tip}`])).stdout.trim()) || 0;
        if (!(await deleteBranch(repo, branch))) continue;
        out.push(`deleted branch ${branch}${ahead ? ` (was ${tip.slice(0, 12)}, ${ahead} commit(s) not in HEAD: \`git branch ${branch} ${tip.slice(0, 12)}\` brings it back)` : ''}`);
      }
    await git(repo.top, ['worktree', 'prune']);
    fs.rmSync(pendingDir(layout), { recursive: true, force: true });
    return out.length ? `${out.join('\n')}\n` : 'nothing to clean\n';
  });
}
