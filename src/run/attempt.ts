import fs from 'node:fs';
import path from 'node:path';
import type PQueue from 'p-queue';
import { hashFile } from '../agents/hash-file.js';
import { runProcess } from '../agents/process.js';
import { ioMessage } from '../agents/process-failure.js';
import type { AgentAdapter, AgentReply } from '../agents/types.js';
import type { Card } from '../cards/card.js';
import type { AgentConfig, Config } from '../config/config.js';
import type { AttemptOutcome } from '../scheduler/status.js';
import type { EndedDep, FailureNote } from '../scheduler/types.js';
import { writeAtomic } from '../state/atomic.js';
import { logPath, type Layout } from '../state/layout.js';
import { openOwned, writeOwned } from '../state/owned-file.js';
import { hashText } from '../util/hash.js';
import { missingOutputs } from './declared-outputs.js';
import type { AttemptEnd } from './executor.js';
import { buildPrompt, type DepResult } from './prompt.js';

export interface AttemptContext {
  layout: Layout;
  config: Config;
  card: Card;
  agent: AgentConfig;
  adapter: AgentAdapter;
  attempt: number;
  deps: DepResult[];
  failure?: FailureNote;
  /** For an `always` card: its deps that ended without being done. */
  depsEnded?: EndedDep[];
  signal: AbortSignal;
  onSpawn: (pid: number) => void;
  now: () => number;
  /** Where the agent works: the project root, or a worktree of it. */
  cwd?: string;
  /** ORCH_ATTEMPT_MARK of this attempt's processes (see agents/mark.ts). */
  mark?: string;
  /** The run's queue for `verify` commands (their own concurrency limit). */
  verifyQueue?: PQueue;
}

/** The default cap of one attempt's log, until the config carries `maxLogBytes`. */
export const DEFAULT_MAX_LOG_BYTES = 50 * 2 ** 20;

/** An errno that means a file of orch's could not be written: the attempt ends with kind `io`. */
const IO_CODES = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EISDIR', 'ELOOP', 'EDQUOT', 'ENOTDIR', 'EIO', 'EFBIG', 'EMFILE', 'ENFILE', 'ENOENT']);

class IoFault extends Error {}

/**
 * One attempt of one card, start to end: prompt, agent, declared outputs, verify. On success the
 * whole result is in a temp file (`resultFile`); the runner moves it into results/ before it
 * records the card done, so a done record never points at a missing or half-written file.
 * A file orch cannot write (full disk, read-only folder, a planted link) ends it with kind `io`.
 */
export async function runAttempt(ctx: AttemptContext): Promise<AttemptEnd> {
  const startedAt = ctx.now();
  let log: number | undefined;
  try {
    return await attempt(ctx, startedAt, (fd) => (log = fd));
  } catch (error) {
    const fault = ioFault(error);
    if (!fault) throw error;
    if (log !== undefined) note(log, `\n[orch] attempt ${ctx.attempt} failed (io): ${fault}\n`);
    return { outcome: { ok: false, errorKind: 'io', message: ioMessage(fault), durationMs: ctx.now() - startedAt } };
  } finally {
    if (log !== undefined) fs.closeSync(log);
  }
}

async function attempt(ctx: AttemptContext, startedAt: number, opened: (fd: number) => void): Promise<AttemptEnd> {
  const { layout, card, attempt } = ctx;
  const prompt = buildPrompt(card, ctx.deps, ctx.failure, attempt, ctx.depsEnded);
  const promptFile = path.join(layout.prompts, `${card.id}.${attempt}.md`);
  const resultFile = path.join(layout.tmp, `${card.id}.${attempt}.result.md`);
  const logFile = logPath(layout, card.id, attempt);
  guarded(promptFile, () => writeOwned(promptFile, prompt));
  // created empty here; processes append to it, and so does orch (O_APPEND: no write lands on another)
  guarded(logFile, () => fs.closeSync(openOwned(logFile, 'w')));
  const log = guarded(logFile, () => openOwned(logFile, 'a'));
  opened(log);
  const write = (chunk: string) => guarded(logFile, () => fs.writeSync(log, chunk));
  const timeoutMs = card.timeoutMs ?? ctx.config.defaults.timeoutMs;
  const stallMs = card.stallMs ?? ctx.config.defaults.stallMs;
  const logLimit = ctx.config.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES;
  const mark = ctx.mark ?? `${process.pid}.${card.id}.${attempt}`;
  const reply = await ctx.adapter.run({
    card, agent: ctx.agent, attempt, prompt, promptFile, resultFile, orchDir: layout.dir, cwd: ctx.cwd ?? layout.root,
    timeoutMs, stallMs, signal: ctx.signal, log: write, logFile, logLimit, mark, onSpawn: ctx.onSpawn,
  });
  if (reply.permissionDenials?.length) write(`\n[orch] the agent was denied: ${reply.permissionDenials.join(', ')}\n`);
  const checked = reply.ok ? await check(ctx, { startedAt, timeoutMs, stallMs, logFile, logLimit, mark }, write) : undefined;
  if (checked && reply.resultFile) fs.rmSync(reply.resultFile, { force: true });
  const outcome = toOutcome(reply, checked, ctx.now() - startedAt, () => logTail(logFile));
  let done: string | undefined;
  if (outcome.ok) {
    done = path.join(layout.tmp, `${card.id}.${attempt}.done.md`);
    if (reply.resultFile) {
      const from = reply.resultFile;
      guarded(done, () => fs.renameSync(from, done!));
      outcome.resultHash = reply.resultHash ?? (await hashFile(done));
    } else {
      guarded(done, () => writeAtomic(done!, reply.text));
      outcome.resultHash = hashText(reply.text);
    }
  }
  write(`\n[orch] attempt ${attempt} ${outcome.ok ? 'succeeded' : `failed (${outcome.errorKind}): ${outcome.message}`}\n`);
  return done ? { outcome, resultFile: done } : { outcome };
}

interface CheckLimits {
  startedAt: number;
  timeoutMs: number;
  stallMs: number;
  logFile: string;
  logLimit: number;
  mark: string;
}

type Check = { errorKind: 'outputs_missing' | 'verify_failed' | 'interrupted' | 'io'; message: string; detail?: string };

/** An agent's claim of success is not trusted alone: outputs must exist, `verify` must pass. */
async function check(ctx: AttemptContext, limits: CheckLimits, write: (s: string) => void): Promise<Check | undefined> {
  const cwd = ctx.cwd ?? ctx.layout.root;
  const missing = missingOutputs(cwd, ctx.card.outputs, limits.startedAt);
  if (missing.length) return { errorKind: 'outputs_missing', message: `declared outputs not written: ${missing.join(', ')}` };
  const verify = ctx.card.verify;
  if (!verify) return undefined;
  write(`\n[orch] verify: ${verify}\n`);
  const env = { ORCH_TASK_ID: ctx.card.id, ORCH_ATTEMPT: String(ctx.attempt), ORCH_DIR: ctx.layout.dir };
  const run = () => runProcess({
    file: verify, args: [], shell: true, input: '', cwd, env, mark: limits.mark, logFile: limits.logFile, logLimit: limits.logLimit,
    timeoutMs: limits.timeoutMs, stallMs: limits.stallMs, signal: ctx.signal, onSpawn: ctx.onSpawn,
  });
  const result = ctx.verifyQueue ? await ctx.verifyQueue.add(run) : await run();
  if (result.ioError) return { errorKind: 'io', message: ioMessage(result.ioError) };
  if (result.stoppedFor === 'abort') return { errorKind: 'interrupted', message: 'stopped: the run was interrupted' };
  if (result.exitCode === 0 && !result.stoppedFor) return undefined;
  const why = result.stoppedFor ? `verify ${result.stoppedFor === 'timeout' ? 'timed out' : 'stalled'}` : `verify exited with code ${result.exitCode ?? result.signal}`;
  return { errorKind: 'verify_failed', message: `${why}: ${verify}`, detail: lastLines(result.tail, 40) };
}

function toOutcome(reply: AgentReply, checked: Check | undefined, durationMs: number, logTail: () => string): AttemptOutcome {
  const outcome: AttemptOutcome = { ok: reply.ok && !checked, durationMs };
  if (reply.exitCode !== undefined) outcome.exitCode = reply.exitCode;
  if (reply.signal) outcome.signal = reply.signal;
  if (reply.costUsd !== undefined) outcome.costUsd = reply.costUsd;
  if (reply.tokens) outcome.tokens = reply.tokens;
  if (reply.retryAt !== undefined) outcome.retryAt = reply.retryAt;
  if (checked) {
    outcome.errorKind = checked.errorKind;
    outcome.message = checked.message;
    if (checked.detail) outcome.detail = checked.detail;
  } else if (!reply.ok) {
    outcome.errorKind = reply.errorKind ?? 'agent_error';
    outcome.message = reply.message ?? 'the agent reported a failure';
    if (outcome.errorKind !== 'interrupted' && outcome.errorKind !== 'io') outcome.detail = logTail();
  }
  return outcome;
}

/** The last 30 lines of the log, read from its end only (a log may be tens of megabytes). */
function logTail(file: string): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, 64 * 1024);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      return lastLines(buffer.toString('utf8'), 30);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

/** Run a write of orch's; an errno that cannot be an orch bug becomes an IoFault naming the path. */
function guarded<T>(file: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && IO_CODES.has(code)) throw new IoFault(`${code} writing ${file}`);
    throw error;
  }
}

function ioFault(error: unknown): string | undefined {
  if (error instanceof IoFault) return error.message;
  const e = error as NodeJS.ErrnoException;
  return e?.code && IO_CODES.has(e.code) ? `${e.code} ${e.syscall ?? 'writing'} ${e.path ?? ''}`.trim() : undefined;
}

function note(fd: number, text: string): void {
  try {
    fs.writeSync(fd, text);
  } catch {
    // the log itself is what failed
  }
}
