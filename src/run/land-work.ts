import fs from 'node:fs';
import type { Config } from '../config/config.js';
import type { AttemptOutcome } from '../scheduler/status.js';
import type { LogEvent } from '../state/events.js';
import { logPath, type Layout } from '../state/layout.js';
import { pendingResult, readPending, removePending, type PendingMerge } from '../workspace/pending.js';
import { onConflictOf } from '../workspace/settings.js';
import type { Workspaces } from '../workspace/workspaces.js';
import type { AttemptEnd, AttemptSpec } from './executor.js';

/** What landing a card's work needs: where its log is, the merge queue, and the event log. */
export interface LandingPlace {
  layout: Layout;
  config: Config;
  ws: Workspaces;
  record(event: LogEvent): void;
}

/** A card's committed work, waiting for its merge into the integration branch. */
export interface Work {
  commit: string;
  branch: string;
  /** The attempt's result, kept aside (pending.ts) until the merge is done. */
  resultFile: string;
  started: number;
  /** The attempt's own outcome; none when recovering the work of a dead run. */
  outcome?: AttemptOutcome;
  recovering?: boolean;
}

/** How landing ended: the attempt's end, and whether the work is on the integration branch now. */
export interface Landed {
  end: AttemptEnd;
  merged: boolean;
}

/**
 * Merge one card's committed work through the run's merge queue (the one place cards' work reaches
 * the integration branch, whether the card ran in a local worktree or on a worker): merged (or
 * found merged) → the attempt's outcome with its result; a conflict → `merge_conflict` (retryable
 * unless `onConflict: fail`); `merge.verify` failing → `merge_verify`, the merge undone.
 */
export async function landWork(place: LandingPlace, spec: AttemptSpec, work: Work): Promise<Landed> {
  const { card, run } = spec;
  const { ws, record } = place;
  const write = (s: string) => noteLog(place.layout, spec, s);
  const crash = process.env.ORCH_TEST_CRASH === `mid-merge:${card.id}` ? () => process.kill(process.pid, 'SIGKILL') : undefined;
  const { commit, branch } = work;
  const request = { card: card.id, title: card.title, run, commit, branch, recovering: work.recovering ?? false, timeoutMs: card.timeoutMs ?? place.config.defaults.timeoutMs, write };
  const settings = ws.settings;
  const result = await ws.merge({ ...request, ...(settings.verify ? { verify: settings.verify } : {}), ...(crash ? { midMerge: crash } : {}) },
    () => record({ type: 'merge-started', t: Date.now(), run, card: card.id, branch, commit }));
  const done: AttemptOutcome = work.outcome ? { ...work.outcome } : { ok: true, durationMs: Date.now() - work.started };
  if (result.kind === 'merged' || result.kind === 'already') {
    write(`\n[orch] merged ${branch} into ${settings.into}: ${result.commit.slice(0, 12)} (${result.files} files, +${result.added} -${result.removed})\n`);
    record({ type: 'merged', t: Date.now(), run, card: card.id, commit: result.commit, branch, files: result.files, added: result.added, removed: result.removed });
    return { end: { outcome: done, resultFile: work.resultFile }, merged: true };
  }
  fs.rmSync(work.resultFile, { force: true });
  if (result.kind === 'conflict') {
    const message = `merge conflict in ${result.files.join(', ')}${result.cards.length ? ` with the merged work of ${result.cards.join(', ')}` : ''}`;
    write(`\n[orch] ${message}\n`);
    record({ type: 'merge-failed', t: Date.now(), run, card: card.id, kind: 'conflict', files: result.files, message });
    const failed: AttemptOutcome = { ...failure('merge_conflict', message), detail: result.description, durationMs: done.durationMs };
    if (onConflictOf(card, place.layout.root) !== 'redo') failed.retryable = false;
    return { end: { outcome: failed }, merged: false };
  }
  write(`\n[orch] ${result.message}; the merge was undone\n`);
  record({ type: 'merge-failed', t: Date.now(), run, card: card.id, kind: 'verify', message: result.message });
  return { end: { outcome: { ...failure('merge_verify', `${result.message}: the merge was undone`), detail: result.output, durationMs: done.durationMs } }, merged: false };
}

/**
 * The work a run that died after committing this card's attempt left pending (for the same card
 * and agent, its result kept): to merge instead of running the card again. Anything else pending
 * for the card is stale and removed.
 */
export function pendingWork(layout: Layout, spec: AttemptSpec): PendingMerge | undefined {
  const { card, agentName } = spec;
  const pending = readPending(layout, card.id);
  if (pending && pending.cardHash === card.hash && pending.agent === agentName && fs.existsSync(pendingResult(layout, card.id))) return pending;
  removePending(layout, card.id);
  return undefined;
}

/** The line a recovered merge puts in the attempt's log. */
export function recoveredNote(pending: PendingMerge): string {
  return `[orch] recovered the work of attempt ${pending.attempt} (run ${pending.run}, commit ${pending.commit.slice(0, 12)}), committed before the runner stopped: merging it instead of running the card again\n`;
}

export function noteLog(layout: Layout, spec: AttemptSpec, text: string): void {
  fs.appendFileSync(logPath(layout, spec.card.id, spec.attempt), text);
}

export function failure(errorKind: NonNullable<AttemptOutcome['errorKind']>, message: string): AttemptOutcome {
  return { ok: false, errorKind, message, durationMs: 0 };
}
