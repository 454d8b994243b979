import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PQueue from 'p-queue';
import { mayWrite, type Card } from '../cards/card.js';
import { gitOut } from './git.js';
import { copyIncluded } from './include.js';
import { openIntegration, type Integration } from './integration.js';
import { mergeCard, type MergeRequest, type MergeResult } from './merge.js';
import { canMergeWithoutCheckout, mergeWithoutCheckout } from './merge-plumbing.js';
import { authorEnv, cardBranch, listWorktrees, revParse, type Repo } from './repo.js';
import { workspaceOf, type WorkspaceSettings } from './settings.js';
import { runShell, type ShellRun } from './shell.js';
import { cardWorktreePath, checkoutPath, createCardWorktree, createCheckout, deleteBranch, fillWorktree, freePath, recycleWorktree, removeWorktree, reuseWorktree } from './worktrees.js';
import { commitWorktree } from './commit.js';

/** Where a card's attempt runs: its own worktree (and branch), a read-only checkout of the integration commit, or the project tree. */
export type Mode = 'worktree' | 'checkout' | 'project';

export interface Tree {
  mode: 'worktree' | 'checkout';
  /** The worktree's top. */
  path: string;
  /** The project root inside it: where the agent works. */
  cwd: string;
  branch?: string;
  base: string;
  /** Untracked files copied in by `.worktreeinclude` (never committed). */
  included: string[];
}

/**
 * The git side of a run's worktrees: one integration worktree, card worktrees, the setup queue
 * (its own concurrency), the merge queue (one at a time, in the order cards finished) and a queue
 * for the operations that change the repository's worktree list and branches. Those go one at a
 * time: git reads every worktree's files to see where a branch is checked out, and fails on one
 * that a concurrent `worktree add` is still writing. Writing a new worktree's files reads none of
 * that, so it runs outside the queue, side by side.
 */
export class Workspaces {
  private integration: Promise<Integration> | undefined;
  private env: Promise<Record<string, string>> | undefined;
  private readonly repoQueue = new PQueue({ concurrency: 1 });
  /** Writing every file of a new worktree is CPU work for the kernel: one per core, so the first cards start sooner. */
  private readonly checkouts = new PQueue({ concurrency: os.availableParallelism() });
  private readonly mergeQueue = new PQueue({ concurrency: 1 });
  private readonly setupQueue: PQueue;
  /** Finished worktrees to reuse (under `_free/`). */
  private readonly free: string[] = [];
  /** Finished worktrees on their way there: a new card waits for one rather than check out every file. */
  private readonly recycling = new Set<Promise<unknown>>();

  constructor(readonly repo: Repo, readonly root: string, readonly settings: WorkspaceSettings) {
    this.setupQueue = new PQueue({ concurrency: settings.setupConcurrency });
  }

  /** The mode of a card: `auto` is a worktree for a card that may write, a checkout for a reader with deps. */
  modeOf(card: Card): Mode {
    const ws = workspaceOf(card, this.root, this.settings);
    if (ws === 'worktree') return 'worktree';
    if (ws === 'project') return 'project';
    if (mayWrite(card)) return 'worktree';
    return card.deps.length ? 'checkout' : 'project';
  }

  /** Opened on first use (and recovered: a merge a dead run left half done is aborted). */
  open(onCreated?: (integration: Integration) => void): Promise<Integration> {
    this.integration ??= this.repoQueue.add(async () => {
      // files are checked out only for merge.verify, or to be looked at after the run (worktrees.keep)
      const checkout = this.settings.verify !== undefined || this.settings.keep || !(await canMergeWithoutCheckout());
      const integration = await openIntegration(this.repo, this.settings.dir, this.settings.into, checkout);
      const kept = freePath(this.settings.dir);
      for (const where of (await listWorktrees(this.repo.top)).keys()) if (where.startsWith(`${kept}${path.sep}`)) this.free.push(where);
      if (integration.createdFrom) onCreated?.(integration);
      if (!checkout) return integration;
      await copyIncluded(this.repo.top, integration.path);
      if (this.settings.verify && this.settings.setup) {
        // merge.verify runs here: it needs the same setup as a card's worktree
        const log = path.join(this.root, '.orchestrator', 'logs', '_integration.setup.log');
        fs.writeFileSync(log, '');
        await runShell(this.settings.setup, path.join(integration.path, this.repo.prefix), { timeoutMs: 30 * 60_000, write: (s) => fs.appendFileSync(log, s) });
      }
      return integration;
    }) as Promise<Integration>;
    return this.integration;
  }

  author(): Promise<Record<string, string>> {
    this.env ??= authorEnv(this.repo.top);
    return this.env;
  }

  /** Has the integration branch work the user's HEAD has not? (Then a reader needs a checkout to see it.) */
  async integrationAhead(): Promise<boolean> {
    const [tip, head] = [await revParse(this.repo.top, this.settings.into), await revParse(this.repo.top, 'HEAD')];
    return tip !== undefined && tip !== head;
  }

  async create(card: Card, attempt: number, mode: 'worktree' | 'checkout'): Promise<Tree> {
    const integration = await this.open();
    const where = mode === 'worktree' ? cardWorktreePath(this.settings.dir, card.id) : checkoutPath(this.settings.dir, card.id, attempt);
    const branch = mode === 'worktree' ? cardBranch(card.id) : undefined;
    const tree: { path: string; branch?: string } = branch ? { path: where, branch } : { path: where };
    // outside the queue: the worktree on its way to reuse is put away in it
    while (!this.free.length && this.recycling.size) await Promise.race(this.recycling);
    const { base, reused } = await (this.repoQueue.add(async () => {
      const base = await gitOut(integration.path, ['rev-parse', 'HEAD']);
      let reused = false;
      for (let free = this.free.pop(); free && !reused; free = reused ? undefined : this.free.pop()) {
        reused = await reuseWorktree(this.repo, free, where, branch, base);
      }
      if (!reused && mode === 'worktree') await createCardWorktree(this.repo, this.settings.dir, card.id, base);
      else if (!reused) await createCheckout(this.repo, where, base);
      return { base, reused };
    }) as Promise<{ base: string; reused: boolean }>);
    if (!reused) await this.checkouts.add(() => fillWorktree(where));
    const included = await copyIncluded(this.repo.top, tree.path);
    return { mode, ...tree, cwd: path.join(tree.path, this.repo.prefix), base, included };
  }

  /** `worktree.setup` in a new worktree, under the setup queue's limit. */
  async setup(tree: Tree, timeoutMs: number, signal: AbortSignal, write: (s: string) => void): Promise<ShellRun | undefined> {
    const command = this.settings.setup;
    if (!command) return undefined;
    return this.setupQueue.add(() => {
      write(`[orch] setup: ${command}\n`);
      return runShell(command, tree.cwd, { timeoutMs, signal, write });
    }) as Promise<ShellRun>;
  }

  /** Commit the card's change in its worktree: the commit, or undefined when it changed nothing. */
  async commit(tree: Tree, card: Card, run: string): Promise<string | undefined> {
    const orchDir = path.join(this.repo.prefix, '.orchestrator');
    return commitWorktree(tree.path, { card: card.id, title: card.title, run, env: await this.author(), exclude: [orchDir, ...tree.included] });
  }

  /** The integration commit a card starts from now: the work of every dep merged so far. */
  async tip(): Promise<string> {
    const integration = await this.open();
    return gitOut(integration.path, ['rev-parse', 'HEAD']);
  }

  /** Delete a branch whose work is merged (a worker's `orch/card/<id>`). */
  dropBranch(branch: string): Promise<void> {
    return this.repoQueue.add(async () => void (await deleteBranch(this.repo, branch))) as Promise<void>;
  }

  /** Queue a merge into the integration branch; resolves when it is this card's turn and done. */
  async merge(request: Omit<MergeRequest, 'env' | 'verifyCwd'>, onStart: () => void): Promise<MergeResult> {
    const integration = await this.open();
    const env = await this.author();
    return this.mergeQueue.add(() => {
      onStart();
      if (!integration.checkout) return mergeWithoutCheckout(this.repo.top, integration.branch, { ...request, env });
      return mergeCard(integration.path, { ...request, env, verifyCwd: path.join(integration.path, this.repo.prefix) });
    }) as Promise<MergeResult>;
  }

  /** Remove a card's worktree, and its branch when given; a clean one (merged, or read-only) is kept for reuse. */
  remove(where: string, branch?: string, reuse = false): Promise<void> {
    const removed = this.repoQueue.add(async () => {
      const kept = reuse ? await recycleWorktree(this.repo, where, this.settings.dir, branch) : undefined;
      if (kept) return void this.free.push(kept);
      await removeWorktree(this.repo, where);
      if (branch) await deleteBranch(this.repo, branch);
    }) as Promise<void>;
    if (reuse) {
      const settled = removed.catch(() => undefined).then(() => void this.recycling.delete(settled));
      this.recycling.add(settled);
    }
    return removed;
  }

  /** At the end of the run: the integration worktree goes (the branch stays), unless `worktrees.keep`. */
  async close(): Promise<void> {
    await this.mergeQueue.onIdle();
    await this.repoQueue.onIdle();
    for (const where of this.free.splice(0)) await removeWorktree(this.repo, where);
    fs.rmSync(freePath(this.settings.dir), { recursive: true, force: true });
    if (this.integration && !this.settings.keep) {
      const integration = await this.integration.catch(() => undefined);
      if (integration) await removeWorktree(this.repo, integration.path);
    }
    const read = path.join(this.settings.dir, '_read');
    if (fs.existsSync(read) && !fs.readdirSync(read).length) fs.rmSync(read, { recursive: true, force: true });
  }
}
