import fs from 'node:fs';
import type { Card } from '../cards/card.js';
import type { Config } from '../config/config.js';
import { OrchError } from '../errors.js';
import type { AttemptOutcome } from '../scheduler/status.js';
import { logPath, type Layout } from '../state/layout.js';
import { checkWorkspaces } from '../workspace/check.js';
import { keepResult, pendingResult, removePending, writePending } from '../workspace/pending.js';
import { findRepo, uncommitted } from '../workspace/repo.js';
import { workspaceSettings } from '../workspace/settings.js';
import { Workspaces, type Tree } from '../workspace/workspaces.js';
import { cardWorktreePath } from '../workspace/worktrees.js';
import type { AttemptEnd, AttemptSpec, Executor, ExecutorEvents, StopReason } from './executor.js';
import { failure as fail, landWork, noteLog, pendingWork, recoveredNote, type Work } from './land-work.js';
import { LocalExecutor } from './local-executor.js';

interface Live {
  spec: AttemptSpec;
  tree?: Tree;
  controller: AbortController;
  /** Setup output, put before the attempt's own log once it is written. */
  setupLog: string;
  inner: boolean;
}

/**
 * Runs each writing card in a git worktree of its own: created from the integration branch when
 * the card starts (so after its deps merged), the attempt run there by the local executor, then
 * its change committed and merged through the merge queue. Only then is the attempt `ended`, so
 * dependents wait for the merge. Cards in `project` workspace go straight to the local executor.
 */
export class WorktreeExecutor implements Executor {
  private readonly inner: LocalExecutor;
  private readonly live = new Map<string, Live>();
  /** Worktrees being removed (or kept for reuse) after their card ended: the run waits for them at close. */
  private readonly cleanups = new Set<Promise<void>>();

  constructor(private readonly layout: Layout, private readonly config: Config, private readonly events: ExecutorEvents, private readonly ws: Workspaces) {
    this.inner = new LocalExecutor(layout, config, { record: (e) => events.record(e), ended: (c, a, end) => void this.innerEnded(c, a, end) },
      (spec) => this.live.get(spec.card.id)?.tree?.cwd);
  }

  start(spec: AttemptSpec): void {
    const live: Live = { spec, controller: new AbortController(), setupLog: '', inner: false };
    this.live.set(spec.card.id, live);
    this.begin(live).catch((error: unknown) => this.end(live, fail('crash', `orch could not prepare the card's worktree: ${(error as Error).message}`)));
  }

  stop(card: string, reason: StopReason): void {
    const live = this.live.get(card);
    if (!live) return;
    if (live.inner) this.inner.stop(card, reason);
    live.controller.abort();
  }

  kill(): void {
    this.inner.kill();
    for (const live of this.live.values()) live.controller.abort();
  }

  async close(): Promise<void> {
    await this.inner.close();
    while (this.cleanups.size) await Promise.all(this.cleanups);
    await this.ws.close();
  }

  private async begin(live: Live): Promise<void> {
    const { card, attempt, run } = live.spec;
    let mode = this.ws.modeOf(card);
    if (mode === 'checkout' && !(await this.ws.integrationAhead())) mode = 'project';
    if (mode === 'project') return this.runInner(live);
    await this.ws.open((i) => this.events.record({ type: 'integration-created', t: Date.now(), run, branch: i.branch, from: i.createdFrom!, path: i.path }));
    if (mode === 'worktree' && (await this.recover(live))) return;
    const tree = await this.ws.create(card, attempt, mode);
    live.tree = tree;
    const created = { type: 'worktree-created' as const, t: Date.now(), run, card: card.id, attempt, path: tree.path, base: tree.base };
    this.events.record(tree.branch ? { ...created, branch: tree.branch } : created);
    const setup = await this.ws.setup(tree, card.timeoutMs ?? this.config.defaults.timeoutMs, live.controller.signal, (s) => (live.setupLog += s));
    if (live.controller.signal.aborted) return this.end(live, fail('interrupted', 'stopped: the run was interrupted'));
    if (setup && !setup.ok) {
      fs.writeFileSync(logPath(this.layout, card.id, attempt), live.setupLog);
      return this.end(live, { ...fail('setup', `worktree.setup ${setup.message}`), detail: setup.output });
    }
    this.runInner(live);
  }

  private runInner(live: Live): void {
    live.inner = true;
    this.inner.start(live.spec);
  }

  /** A run that died after committing this card's work left it pending: merge it (or find it merged) instead of running the card again. */
  private async recover(live: Live): Promise<boolean> {
    const pending = pendingWork(this.layout, live.spec);
    if (!pending) return false;
    this.note(live, recoveredNote(pending));
    await this.mergeAndEnd(live, { commit: pending.commit, branch: pending.branch, resultFile: pendingResult(this.layout, live.spec.card.id), started: Date.now(), recovering: true });
    return true;
  }

  private async innerEnded(card: string, attempt: number, end: AttemptEnd): Promise<void> {
    const live = this.live.get(card);
    if (!live) return;
    live.inner = false;
    try {
      if (live.setupLog) prepend(logPath(this.layout, card, attempt), live.setupLog);
      const tree = live.tree;
      if (!tree) return this.end(live, end.outcome, end.resultFile);
      if (tree.mode === 'checkout') {
        this.cleanUp(live, tree);
        return this.end(live, end.outcome, end.resultFile);
      }
      if (!end.outcome.ok || !end.resultFile) return this.end(live, end.outcome, end.resultFile); // the worktree stays for inspection
      const started = Date.now();
      const kept = keepResult(this.layout, card, end.resultFile);
      const commit = await this.ws.commit(tree, live.spec.card, live.spec.run);
      if (!commit) {
        this.events.record({ type: 'merged', t: Date.now(), run: live.spec.run, card, commit: tree.base, branch: tree.branch!, files: 0, added: 0, removed: 0 });
        this.cleanUp(live, tree, true);
        return this.end(live, end.outcome, kept);
      }
      writePending(this.layout, { card, cardHash: live.spec.card.hash, agent: live.spec.agentName, run: live.spec.run, attempt, commit, branch: tree.branch! });
      await this.mergeAndEnd(live, { commit, branch: tree.branch!, resultFile: kept, started, outcome: end.outcome });
    } catch (error) {
      this.end(live, fail('crash', `orch could not commit or merge the card's work: ${(error as Error).message}`));
    }
  }

  private async mergeAndEnd(live: Live, work: Work): Promise<void> {
    const landed = await landWork({ layout: this.layout, config: this.config, ws: this.ws, record: (e) => this.events.record(e) }, live.spec, work);
    const settings = this.ws.settings;
    if (landed.merged && !settings.keep) this.cleanUp(live, live.tree ?? { path: cardWorktreePath(settings.dir, live.spec.card.id), branch: work.branch }, true);
    this.end(live, landed.end.outcome, landed.end.resultFile);
  }

  /**
   * Put the worktree away without holding up the card's end: its dependents need not wait for it.
   * Started before the end is reported, so a card started at once finds it on its way to reuse.
   */
  private cleanUp(live: Live, tree: { path: string; branch?: string }, withBranch = false): void {
    const done: Promise<void> = this.removeTree(live, tree, withBranch)
      .catch((error: unknown) => this.note(live, `\n[orch] could not remove the worktree ${tree.path}: ${(error as Error).message}\n`))
      .finally(() => void this.cleanups.delete(done));
    this.cleanups.add(done);
  }

  private async removeTree(live: Live, tree: { path: string; branch?: string }, withBranch = false): Promise<void> {
    await this.ws.remove(tree.path, withBranch ? tree.branch : undefined, true);
    const removed = { type: 'worktree-removed' as const, t: Date.now(), run: live.spec.run, card: live.spec.card.id, path: tree.path };
    this.events.record(withBranch && tree.branch ? { ...removed, branch: tree.branch } : removed);
  }

  private note(live: Live, text: string): void {
    noteLog(this.layout, live.spec, text);
  }

  private end(live: Live, outcome: AttemptOutcome, resultFile?: string): void {
    const { card, attempt } = live.spec;
    if (this.live.get(card.id) !== live) return;
    this.live.delete(card.id);
    this.events.ended(card.id, attempt, resultFile ? { outcome, resultFile } : { outcome });
    if (outcome.errorKind !== 'interrupted') removePending(this.layout, card.id);
  }
}

function prepend(file: string, text: string): void {
  let rest = '';
  try {
    rest = fs.readFileSync(file, 'utf8');
  } catch {
    // no log written
  }
  fs.writeFileSync(file, text + rest);
}

export interface ExecutorOptions {
  /** The cards at the start of the run: is any of them in a worktree? */
  cards: readonly Card[];
  /** One line for the person running orch. */
  notice: (message: string) => void;
}
/**
 * The executor for a run: a WorktreeExecutor when the project is a git repository and any card may
 * use a worktree, else the plain LocalExecutor. Throws an OrchError (a one-line message with the
 * card's file and line) when a card asks for `workspace: worktree` outside a git repository.
 */
export async function createWorktreeExecutor(layout: Layout, config: Config, events: ExecutorEvents, options: ExecutorOptions): Promise<Executor> {
  const repo = await findRepo(layout.root);
  if (!repo) {
    // loadProject checked the repository's files; git may still disagree (a damaged repository, no git)
    const problems = checkWorkspaces(layout.root, options.cards, config, false);
    const first = problems[0];
    if (first) throw new OrchError(first.code, first.message, { ...(first.place ? { place: first.place } : {}), ...(first.hint ? { hint: first.hint } : {}) });
    return new LocalExecutor(layout, config, events);
  }
  const ws = new Workspaces(repo, layout.root, workspaceSettings(config, layout.root));
  if (!options.cards.some((card) => ws.modeOf(card) === 'worktree')) return new LocalExecutor(layout, config, events);
  const dirty = await uncommitted(layout.root);
  if (dirty.length) {
    options.notice(`orch: ${dirty.length} uncommitted change(s) (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', …' : ''}): worktrees start from commits, so cards will not see them`);
  }
  return new WorktreeExecutor(layout, config, events, ws);
}
