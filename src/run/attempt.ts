import fs from 'node:fs';
import path from 'node:path';
import { runProcess } from '../agents/process.js';
import { tail } from '../agents/process-failure.js';
import type { AgentAdapter, AgentReply } from '../agents/types.js';
import type { Card } from '../cards/card.js';
import type { AgentConfig, Config } from '../config/config.js';
import type { AttemptOutcome } from '../scheduler/status.js';
import type { EndedDep, FailureNote } from '../scheduler/types.js';
import { writeAtomic } from '../state/atomic.js';
import { logPath, type Layout } from '../state/layout.js';
import { openOwned, readOwned, writeOwned } from '../state/owned-file.js';
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
}

/**
 * One attempt of one card, start to end: prompt, agent, declared outputs, verify. On success the
 * whole result is in a temp file (`resultFile`); the runner moves it into results/ before it
 * records the card done, so a done record never points at a missing or half-written file.
 */
export async function runAttempt(ctx: AttemptContext): Promise<AttemptEnd> {
  const { layout, card, attempt } = ctx;
  const prompt = buildPrompt(card, ctx.deps, ctx.failure, attempt, ctx.depsEnded);
  const promptFile = path.join(layout.prompts, `${card.id}.${attempt}.md`);
  const resultFile = path.join(layout.tmp, `${card.id}.${attempt}.result.md`);
  writeOwned(promptFile, prompt);
  const log = openOwned(logPath(layout, card.id, attempt), 'w');
  const write = (chunk: string) => fs.writeSync(log, chunk);
  const timeoutMs = card.timeoutMs ?? ctx.config.defaults.timeoutMs;
  const stallMs = card.stallMs ?? ctx.config.defaults.stallMs;
  const startedAt = ctx.now();
  try {
    const reply = await ctx.adapter.run({
      card, agent: ctx.agent, attempt, prompt, promptFile, resultFile, orchDir: layout.dir, cwd: ctx.cwd ?? layout.root,
      timeoutMs, stallMs, signal: ctx.signal, log: write, onSpawn: ctx.onSpawn,
    });
    if (reply.permissionDenials?.length) write(`\n[orch] the agent was denied: ${reply.permissionDenials.join(', ')}\n`);
    const checked = reply.ok ? await check(ctx, startedAt, timeoutMs, stallMs, write) : undefined;
    const outcome = toOutcome(reply, checked, ctx.now() - startedAt, () => tail(readOwned(logPath(layout, card.id, attempt)) ?? '', 30));
    let done: string | undefined;
    if (outcome.ok) {
      done = path.join(layout.tmp, `${card.id}.${attempt}.done.md`);
      writeAtomic(done, reply.text);
      outcome.resultHash = hashText(reply.text);
    }
    write(`\n[orch] attempt ${attempt} ${outcome.ok ? 'succeeded' : `failed (${outcome.errorKind}): ${outcome.message}`}\n`);
    return done ? { outcome, resultFile: done } : { outcome };
  } finally {
    fs.closeSync(log);
  }
}

type Check = { errorKind: 'outputs_missing' | 'verify_failed' | 'interrupted'; message: string; detail?: string };

/** An agent's claim of success is not trusted alone: outputs must exist, `verify` must pass. */
async function check(ctx: AttemptContext, startedAt: number, timeoutMs: number, stallMs: number, write: (s: string) => void): Promise<Check | undefined> {
  const cwd = ctx.cwd ?? ctx.layout.root;
  const missing = missingOutputs(cwd, ctx.card.outputs, startedAt);
  if (missing.length) return { errorKind: 'outputs_missing', message: `declared outputs not written: ${missing.join(', ')}` };
  if (!ctx.card.verify) return undefined;
  write(`\n[orch] verify: ${ctx.card.verify}\n`);
  let output = '';
  const result = await runProcess({
    file: ctx.card.verify, args: [], shell: true, input: '', cwd, env: {},
    timeoutMs, stallMs, signal: ctx.signal, onOutput: (s) => { output += s; write(s); }, onSpawn: ctx.onSpawn,
  });
  if (result.stoppedFor === 'abort') return { errorKind: 'interrupted', message: 'stopped: the run was interrupted' };
  if (result.exitCode === 0 && !result.stoppedFor) return undefined;
  const why = result.stoppedFor ? `verify ${result.stoppedFor === 'timeout' ? 'timed out' : 'stalled'}` : `verify exited with code ${result.exitCode ?? result.signal}`;
  return { errorKind: 'verify_failed', message: `${why}: ${ctx.card.verify}`, detail: tail(output, 40) };
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
    if (outcome.errorKind !== 'interrupted') outcome.detail = logTail();
  }
  return outcome;
}
