import { mayWrite } from '../cards/card.js';
import type { Config } from '../config/config.js';
import type { AttemptEnd, AttemptSpec, Executor, ExecutorEvents, StopReason } from '../run/executor.js';
import { failure, landWork, noteLog, pendingWork, recoveredNote, type LandingPlace, type Work } from '../run/land-work.js';
import type { AttemptOutcome } from '../scheduler/status.js';
import type { Layout } from '../state/layout.js';
import { fetchWork, isSelf, publishCommit } from '../workspace/fetch.js';
import { keepResult, pendingResult, removePending, writePending } from '../workspace/pending.js';
import { cardBranch } from '../workspace/repo.js';
import type { Workspaces } from '../workspace/workspaces.js';

interface Live {
  spec: AttemptSpec;
  /** The commit the card's job starts from. */
  base?: string;
  /** The job was handed to the remote executor and has not ended. */
  sent: boolean;
  stopped: boolean;
}

/** Makes the executor that sends jobs, given where its ends go and the commit each job starts from. */
export type SendingExecutor = (events: ExecutorEvents, commitOf: (spec: AttemptSpec) => Promise<string | undefined>) => Executor;

/**
 * A run on workers in a git repository. A card that may write starts from the integration branch
 * as it is when the card starts (its deps' work merged), as does a reader whose deps' work is only
 * there; the commit a worker pushed for it is fetched from the remote and merged through the run's
 * merge queue (landWork, as for a local worktree) before the attempt ends: a dependent never
 * starts before its dep's work is in, and the card is done only once its work is. Work committed
 * and not merged when the head died is merged by the next run instead of running the card again.
 */
export class MergeBackExecutor implements Executor {
  private readonly live = new Map<string, Live>();
  private readonly inner: Executor;
  private readonly place: LandingPlace;

  constructor(layout: Layout, config: Config, private readonly events: ExecutorEvents, private readonly ws: Workspaces,
    private readonly remote: string, private readonly head: Promise<string | undefined>, send: SendingExecutor) {
    this.place = { layout, config, ws, record: (e) => events.record(e) };
    this.inner = send({ record: (e) => events.record(e), ended: (card, attempt, end) => void this.sentEnded(card, attempt, end) }, (spec) => this.commitOf(spec));
  }

  start(spec: AttemptSpec): void {
    const live: Live = { spec, sent: false, stopped: false };
    this.live.set(spec.card.id, live);
    this.begin(live).catch((error: unknown) => this.end(live, failure('crash', `orch could not prepare the commit the card starts from: ${firstLine(error)}`)));
  }

  stop(card: string, reason: StopReason): void {
    const live = this.live.get(card);
    if (!live) return;
    live.stopped = true;
    if (live.sent) this.inner.stop(card, reason);
  }

  kill(): void {
    for (const live of this.live.values()) live.stopped = true;
    this.inner.kill();
  }

  async close(): Promise<void> {
    await this.inner.close();
    await this.ws.close();
  }

  private async commitOf(spec: AttemptSpec): Promise<string | undefined> {
    return this.live.get(spec.card.id)?.base ?? this.head;
  }

  private async begin(live: Live): Promise<void> {
    const { spec } = live;
    const writes = mayWrite(spec.card);
    if (writes || (spec.card.deps.length && (await this.ws.integrationAhead()))) {
      await this.ws.open((i) => this.events.record({ type: 'integration-created', t: Date.now(), run: spec.run, branch: i.branch, from: i.createdFrom!, path: i.path }));
      if (writes && (await this.recover(live))) return;
      live.base = await this.ws.tip();
      if (!isSelf(this.ws.repo, this.remote)) await publishCommit(this.ws.repo, this.remote, live.base, this.ws.settings.into);
    }
    if (live.stopped) return this.end(live, failure('interrupted', 'stopped before its job was sent'));
    live.sent = true;
    this.inner.start(spec);
  }

  /** Work of this card a dead head committed and did not merge: merged now instead of running the card again. */
  private async recover(live: Live): Promise<boolean> {
    const { layout } = this.place;
    const pending = pendingWork(layout, live.spec);
    if (!pending) return false;
    noteLog(layout, live.spec, recoveredNote(pending));
    await this.land(live, { commit: pending.commit, branch: pending.branch, resultFile: pendingResult(layout, live.spec.card.id), started: Date.now(), recovering: true });
    return true;
  }

  private async sentEnded(card: string, attempt: number, end: AttemptEnd): Promise<void> {
    const live = this.live.get(card);
    if (!live || live.spec.attempt !== attempt) return this.events.ended(card, attempt, end);
    live.sent = false;
    if (end.outcome.ok && !end.work && mayWrite(live.spec.card) && live.base) {
      // as for a local worktree that changed nothing: the report says "nothing to merge"
      this.events.record({ type: 'merged', t: Date.now(), run: live.spec.run, card, commit: live.base, branch: cardBranch(card), files: 0, added: 0, removed: 0 });
    }
    if (!end.work || !end.outcome.ok || !end.resultFile) return this.end(live, end.outcome, end.resultFile);
    const { commit, branch } = end.work;
    const { spec } = live;
    if (branch !== cardBranch(card) || !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit)) {
      // what a worker reports comes through Redis: only the card's own branch and a full commit id reach git
      return this.end(live, failure('crash', `the worker reported work orch does not merge: branch "${branch.slice(0, 80)}", commit "${commit.slice(0, 80)}"`));
    }
    try {
      await fetchWork(this.ws.repo, this.remote, branch, commit);
      const kept = keepResult(this.place.layout, card, end.resultFile);
      writePending(this.place.layout, { card, cardHash: spec.card.hash, agent: spec.agentName, run: spec.run, attempt, commit, branch });
      await this.land(live, { commit, branch, resultFile: kept, started: Date.now(), outcome: end.outcome });
    } catch (error) {
      this.end(live, failure('crash', `orch could not fetch or merge the work pushed to ${branch} of ${this.remote} (it is still there): ${firstLine(error)}`));
    }
  }

  private async land(live: Live, work: Work): Promise<void> {
    const landed = await landWork(this.place, live.spec, work);
    if (landed.merged && !this.ws.settings.keep) await this.ws.dropBranch(work.branch);
    this.end(live, landed.end.outcome, landed.end.resultFile);
  }

  private end(live: Live, outcome: AttemptOutcome, resultFile?: string): void {
    const { card, attempt } = live.spec;
    if (this.live.get(card.id) !== live) return;
    this.live.delete(card.id);
    this.events.ended(card.id, attempt, resultFile ? { outcome, resultFile } : { outcome });
    if (outcome.errorKind !== 'interrupted') removePending(this.place.layout, card.id);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
