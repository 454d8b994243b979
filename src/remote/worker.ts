import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis, Worker, type ConnectionOptions, type Job, type RedisOptions } from './bullmq.js';
import { attemptMark } from '../agents/mark.js';
import { adapterFor } from '../agents/registry.js';
import { mayWrite } from '../cards/card.js';
import { runAttempt } from '../run/attempt.js';
import { layoutOf, logPath } from '../state/layout.js';
import { QUEUE } from './connection.js';
import { LOG_CAP, stopKey, type AttemptJob, type AttemptProgress, type AttemptReport } from './job.js';
import { Heartbeat } from './heartbeat.js';
import { jobRoot, stopDeadWorkersAgents, workerSession } from './job-marks.js';
import { keptWhy, markKept, unmarkKept } from './kept-worktree.js';
import { openWorkspace, pushChanges, workDir, type Pushed } from './workspace.js';
import { RunningJobs, WorkerStop, type Closed } from './worker-stop.js';
import { claimScratch, cleanStaleWorktrees } from './stale-worktrees.js';
import { watchConnection } from './connection-watch.js';

export interface WorkerOptions {
  redis: RedisOptions;
  concurrency: number;
  name: string;
  /** The worker's own clone of the repository. */
  clone: string;
  /** Where jobs' worktrees, prompts and logs go; never the head's `.orchestrator/`. */
  scratch: string;
  say: (line: string) => void;
}

/** A held lock is renewed every lockDuration/2; a lock not renewed for lockDuration is stalled, found within stalledInterval. */
export const LOCK_MS = 6_000;
export const STALLED_CHECK_MS = 3_000;

/** `orch worker`: a BullMQ Worker whose slots run attempts the way `orch run` does, each in a fresh worktree. */
export async function startWorker(options: WorkerOptions): Promise<{ close(now?: boolean): Promise<Closed> } | string> {
  const session = workerSession();
  const taken = claimScratch(options.scratch, session);
  if (taken) return taken;
  // before this worker's first agent: whatever dead workers on this machine left running, marked, then their worktrees
  stopDeadWorkersAgents(options.scratch);
  const { removed, kept } = await cleanStaleWorktrees(options.clone, options.scratch);
  if (removed) options.say(`orch worker ${options.name}: removed ${removed} worktree${removed === 1 ? '' : 's'} dead workers left in ${options.clone}`);
  for (const k of kept) options.say(`orch worker ${options.name}: kept ${k.dir} (${k.why}); git worktree remove it once its work is safe`);
  const control = new Redis({ ...options.redis, lazyConnect: false });
  const heartbeat = new Heartbeat(control, options.name, options.concurrency);
  const running = new RunningJobs();
  watchConnection(control, options.say);
  const worker = new Worker<AttemptJob, AttemptReport>(QUEUE, (job, _token, signal) => {
    const controller = new AbortController();
    return running.track(job.id ?? '', controller, runJob(job, options, session, control, heartbeat, controller, signal));
  }, {
    connection: options.redis as ConnectionOptions, concurrency: options.concurrency, name: options.name, autorun: true,
    lockDuration: LOCK_MS, stalledInterval: STALLED_CHECK_MS, maxStalledCount: 1,
  });
  worker.on('error', (error) => {
    if (!/ECONNREFUSED|ECONNRESET|Connection is closed|EPIPE/.test(error.message)) options.say(`orch worker: ${error.message}`);
  });
  worker.on('active', (job) => options.say(`orch worker ${options.name}: ${job.data.card.id} attempt ${job.data.attempt} started`));
  worker.on('completed', (job, report) => options.say(`orch worker ${options.name}: ${job.data.card.id} attempt ${job.data.attempt} ${report.outcome.ok ? 'succeeded' : `failed (${report.outcome.errorKind})`}`));
  heartbeat.start();
  const stop = new WorkerStop({ worker, control, heartbeat, running, graceful: () => options.say(`orch worker ${options.name}: stopping after the running attempts end (again to stop them now)`) });
  return { close: (now) => stop.close(now) };
}

async function runJob(job: Job<AttemptJob, AttemptReport>, options: WorkerOptions, session: string, control: Redis, heartbeat: Heartbeat,
  controller: AbortController, signal?: AbortSignal): Promise<AttemptReport> {
  const data = job.data;
  const id = job.id ?? `${data.run}.${data.card.id}.${data.attempt}`;
  const layout = layoutOf(jobRoot(options.scratch, id));
  for (const dir of [layout.prompts, layout.logs, layout.tmp]) fs.mkdirSync(dir, { recursive: true });
  signal?.addEventListener('abort', () => controller.abort());
  const poll = setInterval(() => void control.exists(stopKey(id)).then((n) => { if (n) controller.abort(); }, () => {}), 500);
  heartbeat.running(id, data.card.id, data.attempt);
  const config = data.config;
  const report = (outcome: AttemptReport['outcome'], result?: string): AttemptReport => {
    const logFile = logPath(layout, data.card.id, data.attempt);
    const whole = readIfAny(logFile);
    const cut = Buffer.byteLength(whole) > LOG_CAP;
    const r: AttemptReport = { outcome, log: cut ? whole.slice(-LOG_CAP) : whole, logCut: cut, logFile, worker: options.name, host: os.hostname() };
    if (result !== undefined) r.result = result;
    return r;
  };
  if (mayWrite(data.card) && !data.commit) {
    return report({ ok: false, errorKind: 'config', message: "a card that writes files runs on a worker only when the head's project is a git repository (its changes come back as a branch)", durationMs: 0 });
  }
  let workspace;
  try {
    // the same job again (handed back after a stall) beside a worktree kept from before: a new folder
    const name = keptWhy(workDir(options.scratch, id)) === undefined ? id : `${id}-${Date.now().toString(36)}`;
    workspace = await openWorkspace(options.clone, options.scratch, name, data.commit, data.remote);
  } catch (error) {
    fs.writeFileSync(logPath(layout, data.card.id, data.attempt), `[orch] worker ${options.name} could not make a worktree: ${(error as Error).message}\n`);
    clearInterval(poll);
    heartbeat.done(id);
    return report({ ok: false, errorKind: 'setup', message: `worker ${options.name} could not check out ${data.commit?.slice(0, 12)}: ${(error as Error).message.split('\n')[0]}`, durationMs: 0 });
  }
  let keep = false;
  try {
    const ctx = {
      layout, config, card: data.card, agent: data.agent, adapter: adapterFor(data.agent.use), attempt: data.attempt, deps: data.deps,
      signal: controller.signal, now: Date.now, cwd: path.join(workspace.dir, data.prefix ?? ''), mark: attemptMark(session, data.card.id, data.attempt),
      onSpawn: (pid: number) => void job.updateProgress({ worker: options.name, host: os.hostname(), pid } satisfies AttemptProgress).catch(() => {}),
    };
    if (data.failure) Object.assign(ctx, { failure: data.failure });
    if (data.depsEnded) Object.assign(ctx, { depsEnded: data.depsEnded });
    const end = await runAttempt(ctx).catch((error: unknown) => ({
      outcome: { ok: false, errorKind: 'crash' as const, message: `orch worker could not run the attempt: ${(error as Error).message}`, durationMs: 0 },
      resultFile: undefined,
    }));
    let pushed: Pushed | undefined;
    if (end.outcome.ok && mayWrite(data.card) && data.commit) {
      const remote = data.remote ?? options.clone;
      const what = `card ${data.card.id} attempt ${data.attempt}: its work, committed here,`;
      markKept(workspace.dir, `${what} may not have reached ${remote}`); // a kill mid-push leaves it marked
      try {
        pushed = await pushChanges(workspace.dir, remote, { card: data.card.id, title: data.card.title, run: data.run, prefix: data.prefix ?? '' }, options.name);
        unmarkKept(workspace.dir);
      } catch (error) {
        keep = true; // the work is only there now
        const why = (error as Error).message.split('\n')[0];
        markKept(workspace.dir, `${what} was not pushed to ${remote}: ${why}`);
        const message = `worker ${options.name} could not push the card's changes to ${data.remote} (they stay in ${workspace.dir} on ${os.hostname()}): ${why}`;
        return report({ ...end.outcome, ok: false, errorKind: 'io', message });
      }
    }
    const r = report(end.outcome, end.resultFile ? fs.readFileSync(end.resultFile, 'utf8') : undefined);
    if (pushed) Object.assign(r, pushed);
    return r;
  } finally {
    clearInterval(poll);
    heartbeat.done(id);
    if (!keep) await workspace.remove();
    fs.rmSync(layout.tmp, { recursive: true, force: true });
  }
}

function readIfAny(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
