import path from 'node:path';
import { Job, Queue, QueueEvents, Redis, type ConnectionOptions, type RedisOptions } from './bullmq.js';
import type { Config } from '../config/config.js';
import type { AttemptOutcome } from '../scheduler/status.js';
import type { AttemptEnd, AttemptSpec, Executor, ExecutorEvents, StopReason } from '../run/executor.js';
import type { LogEvent } from '../state/events.js';
import { logPath, type Layout } from '../state/layout.js';
import { writeOwned } from '../state/owned-file.js';
import { deadRuns, leftJobs } from './adopt.js';
import { QUEUE } from './connection.js';
import { jobId, jobOf, stopKey, type AttemptJob, type AttemptProgress, type AttemptReport } from './job.js';
import { jobsToCheck } from './job-poll.js';
import { watchConnection } from './connection-watch.js';
import { within } from './within.js';

export interface RemoteOptions {
  redis: RedisOptions;
  layout: Layout;
  config: Config;
  /** The commit an attempt starts from (its deps' merged work included), and where workers fetch it. */
  commitOf: (spec: AttemptSpec) => Promise<string | undefined>;
  remote: string | undefined;
  /** The project's folder inside the repository. */
  prefix?: string;
  /** The event log as the run found it: jobs of dead heads are adopted from it. */
  history: readonly LogEvent[];
  run: string;
  notice: (line: string) => void;
}

interface Tracked {
  card: string;
  attempt: number;
  worker?: string;
  stalled?: string;
  /** In Redis (added, or adopted): from then on, a job not there is a job lost. */
  added: boolean;
  /** A stop key may have been set for it (removed when it ends). */
  stopAsked: boolean;
}

const KEEP_S = 7 * 24 * 3600;
const RECONCILE_MS = 2_000;
/** How long a stop waits for Redis before it ends the attempt anyway, and a close before it lets go. */
const ANSWER_MS = 3_000;
const CLOSE_MS = 5_000;

/**
 * The head's side of a Redis backend: one BullMQ job per attempt, id `<run>.<card>.<attempt>`.
 * Workers run them; the head hears how they ended from the queue events (the report comes in the
 * `completed` event), and writes results, logs and events itself. Every 2 s one pipelined call
 * for all the jobs in flight is the safety net: a job whose end the events did not bring (missed
 * while disconnected, or a dead head's job adopted), a job gone (removed by hand, lost with Redis's
 * data), or one a stalled-job check failed is then looked at in full.
 */
export class RemoteExecutor implements Executor {
  private readonly queue: Queue<AttemptJob, AttemptReport>;
  private readonly queueEvents: QueueEvents;
  private readonly control: Redis;
  private readonly tracked = new Map<string, Tracked>();
  private readonly byCard = new Map<string, string>();
  private readonly left: Promise<Map<string, string>>;
  private readonly timer: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly options: RemoteOptions, private readonly events: ExecutorEvents) {
    const connection = options.redis as ConnectionOptions;
    this.queue = new Queue(QUEUE, { connection });
    this.queue.on('error', () => {});
    // a read blocks 2 s at most: BullMQ's guard timer on it is all that could keep a head whose Redis is gone from exiting
    this.queueEvents = new QueueEvents(QUEUE, { connection, blockingTimeout: 2_000 });
    this.queueEvents.on('error', () => {});
    this.control = new Redis(options.redis);
    watchConnection(this.control, options.notice, 'orch');
    this.left = leftJobs(this.queue, deadRuns(options.history, options.run)).catch(() => new Map<string, string>());
    this.queueEvents.on('completed', ({ jobId: id, returnvalue }) => this.completed(id, returnvalue));
    this.queueEvents.on('failed', ({ jobId: id, failedReason }) => { if (this.tracked.has(id)) this.failed(id, failedReason); });
    this.queueEvents.on('progress', ({ jobId: id, data }) => this.progress(id, data as unknown as AttemptProgress));
    this.queueEvents.on('stalled', ({ jobId: id }) => this.stalled(id));
    this.timer = setInterval(() => void this.poll(), RECONCILE_MS);
  }

  start(spec: AttemptSpec): void {
    void this.dispatch(spec).catch((error: unknown) => this.end(jobId(spec.run, spec.card.id, spec.attempt), {
      ok: false, errorKind: 'io', message: `orch could not add the job to Redis: ${(error as Error).message}`, durationMs: 0,
    }));
  }

  private async dispatch(spec: AttemptSpec): Promise<void> {
    const data = jobOf(spec, this.options.config, { commit: await this.options.commitOf(spec), remote: this.options.remote, prefix: this.options.prefix });
    let id = jobId(spec.run, spec.card.id, spec.attempt);
    const left = (await this.left).get(spec.card.id);
    (await this.left).delete(spec.card.id);
    const old = left ? await Job.fromId<AttemptJob, AttemptReport>(this.queue, left) : undefined;
    const state = old ? await old.getState() : undefined;
    if (old && state !== 'failed' && old.data.inputs === data.inputs) {
      id = old.id!;
      this.options.notice(`orch: ${spec.card.id}: adopted job ${id} left by a head that died (${state})`);
    } else if (old) await this.drop(old.id!);
    const t: Tracked = { card: spec.card.id, attempt: spec.attempt, added: false, stopAsked: id === left };
    this.tracked.set(id, t);
    this.byCard.set(spec.card.id, id);
    if (id !== left) await this.queue.add(spec.card.id, data, { jobId: id, attempts: 1, removeOnComplete: { age: KEEP_S }, removeOnFail: { age: KEEP_S } });
    t.added = true;
    // an adopted job may have ended long ago, its events gone with its head
    if (id === left) await this.check(id);
  }

  stop(card: string, _reason: StopReason): void {
    const id = this.byCard.get(card);
    if (!id) return;
    const interrupted = (message: string) => this.end(id, { ok: false, errorKind: 'interrupted', message, durationMs: 0 });
    const gone = 'stopped; Redis did not answer, so its job may still be in the queue or run on a worker';
    const dropping = this.drop(id);
    // a Redis that is gone hears nothing: the attempt ends here, its job left to its fate (dropped if Redis comes back in time)
    if (this.control.status !== 'ready') {
      void dropping.catch(() => false);
      return interrupted(gone);
    }
    void within(ANSWER_MS, dropping).then((answer) => {
      if (answer.ok && answer.value) interrupted('stopped before a worker took it');
      else if (!answer.ok) interrupted(gone);
    });
  }

  kill(): void {
    for (const id of this.tracked.keys()) void this.drop(id).catch(() => false);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    // a Redis not there now is not waited for
    const tidy = await within(this.control.status === 'ready' ? CLOSE_MS : 0, (async () => {
      for (const id of (await this.left).values()) await this.drop(id).catch(() => false);
      await Promise.allSettled([this.queueEvents.close(), this.queue.close()]);
    })());
    if (!tidy.ok) {
      this.options.notice(`orch: Redis did not answer; left its jobs as they are`);
      // a connection that is reconnecting may never say it ended: not waited for
      void Promise.allSettled([this.queueEvents.disconnect(), this.queue.disconnect()]);
    }
    this.control.removeAllListeners('close');
    this.control.disconnect();
  }

  /** Remove a job no worker has taken, or ask its worker to stop it. True when it was removed before it ran. */
  private async drop(id: string): Promise<boolean> {
    const job = await Job.fromId(this.queue, id);
    if (!job) return false;
    const state = await job.getState();
    if (['waiting', 'delayed', 'prioritized', 'paused'].includes(state)) {
      try {
        await job.remove();
        return true;
      } catch { /* taken meanwhile: ask its worker */ }
    }
    if (state === 'completed' || state === 'failed') return false;
    const t = this.tracked.get(id);
    if (t) t.stopAsked = true;
    await this.control.set(stopKey(id), '1', 'EX', 3600);
    return false;
  }

  /** The safety net: one round trip for every job in flight, and a full look only at those that need one. */
  private async poll(): Promise<void> {
    const ids = [...this.tracked].filter(([, t]) => t.added).map(([id]) => id);
    if (this.polling || !ids.length || this.control.status !== 'ready') return;
    this.polling = true;
    try {
      for (const id of (await jobsToCheck(this.control, (job) => this.queue.toKey(job), ids)) ?? []) await this.check(id);
    } finally {
      this.polling = false;
    }
  }

  private async check(id: string): Promise<void> {
    if (!this.tracked.has(id)) return;
    const job = await Job.fromId<AttemptJob, AttemptReport>(this.queue, id).catch(() => 'unreachable' as const);
    if (job === 'unreachable') return;
    if (!job) return this.end(id, { ok: false, errorKind: 'crash', message: 'the job is gone from Redis (restarted without its data?)', durationMs: 0 });
    const state = await job.getState().catch(() => 'unknown');
    if (state === 'completed' && job.returnvalue) this.finished(id, job.returnvalue);
    else if (state === 'failed') this.failed(id, job.failedReason);
  }

  /** The report as the `completed` event brings it; anything else is looked up. */
  private completed(id: string, report: unknown): void {
    if (!this.tracked.has(id)) return;
    if (typeof report === 'object' && report !== null && 'outcome' in report) this.finished(id, report as AttemptReport);
    else void this.check(id);
  }

  private failed(id: string, reason: string | undefined): void {
    const worker = this.tracked.get(id)?.worker ?? '?';
    const message = /stalled/i.test(reason ?? '') ? `worker ${worker} stopped answering twice; BullMQ gave up on the job` : `the job failed on a worker: ${reason}`;
    this.end(id, { ok: false, errorKind: 'crash', message, durationMs: 0 });
  }

  private progress(id: string, p: AttemptProgress): void {
    const t = this.tracked.get(id);
    if (!t || typeof p?.worker !== 'string') return;
    const event: LogEvent = { type: 'spawned', t: Date.now(), run: this.options.run, card: t.card, attempt: t.attempt, pid: p.pid, worker: p.worker };
    if (t.worker && t.worker !== p.worker) event.recoveredFrom = t.worker;
    t.worker = p.worker;
    this.events.record(event);
  }

  private stalled(id: string): void {
    const t = this.tracked.get(id);
    if (!t) return;
    t.stalled = t.worker ?? 'a worker';
    this.options.notice(`orch: ${t.card} attempt ${t.attempt}: ${t.stalled} stopped answering; BullMQ hands the job to another worker`);
  }

  private finished(id: string, report: AttemptReport): void {
    const t = this.tracked.get(id);
    if (!t) return; // ended meanwhile (its event and a check both saw it)
    const head = [`[orch] ran on worker ${report.worker} (${report.host}); the whole log there: ${report.logFile}${report.logCut ? ' (only its end is below)' : ''}`];
    if (report.branch) head.push(`[orch] the card's changes were pushed to branch ${report.branch} of ${this.options.remote}${report.commit ? ` as ${report.commit.slice(0, 12)}` : ''}`);
    if (t.stalled) head.push(`[orch] ${t.stalled} stopped answering during this attempt; BullMQ's stalled-job check gave it to ${report.worker}`);
    let resultFile: string | undefined;
    try {
      writeOwned(logPath(this.options.layout, t.card, t.attempt), `${head.join('\n')}\n${report.log}`);
      if (report.outcome.ok && report.result !== undefined) {
        resultFile = path.join(this.options.layout.tmp, `${t.card}.${t.attempt}.remote.md`);
        writeOwned(resultFile, report.result);
      }
    } catch (error) {
      return this.end(id, { ...report.outcome, ok: false, errorKind: 'io', message: `orch could not write the worker's log or result: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
    }
    const work = report.outcome.ok && report.branch && report.commit ? { branch: report.branch, commit: report.commit } : undefined;
    this.end(id, report.outcome, resultFile, work);
  }

  private end(id: string, outcome: AttemptOutcome, resultFile?: string, work?: AttemptEnd['work']): void {
    const t = this.tracked.get(id);
    if (!t) return;
    this.tracked.delete(id);
    if (this.byCard.get(t.card) === id) this.byCard.delete(t.card);
    if (t.stopAsked) void this.control.del(stopKey(id)).catch(() => {});
    const end: AttemptEnd = resultFile ? { outcome, resultFile } : { outcome };
    if (work) end.work = work;
    this.events.ended(t.card, t.attempt, end);
  }
}

