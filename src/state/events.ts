import type { FingerprintParts } from '../scheduler/fingerprint.js';
import type { CardStatus, ErrorKind, Tokens } from '../scheduler/status.js';

/**
 * The records of .orchestrator/events.jsonl, one JSON object a line, appended before the runner acts
 * on them. `t` is epoch ms. The log is the durable record of every run: resume, `orch status` and
 * the report are all folds over it.
 */
export type LogEvent = RunStarted | RunEnded | CardChanged | AttemptSpawned | AgentThrottled | CardReset | CardRejected | CardApproval
  | CardMerged | MergeFailed
  | MergeStarted | WorktreeCreated | WorktreeRemoved | IntegrationCreated;

/** A card's status changed. Leaving `running`, it carries the attempt's outcome. */
export interface CardChanged {
  type: 'card';
  t: number;
  run: string;
  card: string;
  from: CardStatus;
  to: CardStatus;
  attempt?: number;
  agent?: string;
  exitCode?: number | null;
  signal?: string | null;
  errorKind?: ErrorKind;
  message?: string;
  durationMs?: number;
  costUsd?: number;
  tokens?: Tokens;
  /** Entering `done`: the content hash of the result and the fingerprint it was made from. */
  resultHash?: string;
  fingerprint?: string;
  /** Entering `done` after an attempt: what the fingerprint was made of (card, agent, deps, inputs), to say later what changed. */
  parts?: FingerprintParts;
  /** Entering `retrying`: when the next attempt may start. */
  retryAt?: number;
  /** Entering `blocked`: the failed dep. */
  blockedBy?: string;
  /** Entering `done` without running: its inputs had not changed. */
  upToDate?: boolean;
}

/** The version of the log's format a run writes; a run-started without `schema` began version 1. */
export const EVENT_SCHEMA = 2;

export interface RunStarted {
  type: 'run-started';
  /** The format version of the records that follow (absent: 1). */
  schema?: number;
  t: number;
  run: string;
  pid: number;
  host: string;
  concurrency: number;
  goal?: string;
}

export interface RunEnded {
  type: 'run-ended';
  t: number;
  run: string;
  exitCode: number;
  reason: 'finished' | 'interrupted' | 'fail-fast' | 'budget';
}

/** An agent's concurrency changed after a rate limit, or it is paused until a usage limit resets. */
export interface AgentThrottled {
  type: 'agent-throttled';
  t: number;
  run: string;
  agent: string;
  limit: number;
  until?: number;
  card?: string;
  reason: string;
}

/** A person's decision at a card's approval gate (`approve: true`): it stands until the card is done or reset. */
export interface CardApproval {
  type: 'card-approval';
  t: number;
  card: string;
  decision: 'approved' | 'rejected';
  /** The run that was going, if any. */
  run?: string;
}

/** `orch reset`: the card runs again next time, whatever its fingerprint. */
export interface CardReset {
  type: 'card-reset';
  t: number;
  card: string;
}

/** A card added or edited during a run that did not validate, or removed: left out of the run. */
export interface CardRejected {
  type: 'card-rejected';
  t: number;
  run: string;
  card?: string;
  file: string;
  message: string;
}

/** An attempt's process started: its group leader and start time, to stop orphans after a crash. */
export interface AttemptSpawned {
  type: 'spawned';
  t: number;
  run: string;
  card: string;
  attempt: number;
  pid: number;
  pidStart?: string;
  /** The `orch worker` that runs it (a Redis backend); its pid is on that worker's machine, never signalled by the head. */
  worker?: string;
  /** The worker that held the job before it stopped answering (BullMQ's stalled-job check handed the job on). */
  recoveredFrom?: string;
}

/**
 * A card's branch merged into the integration branch: the merge commit, and the card's change as
 * `git diff --numstat` counts it (files changed, lines added and removed). `files: 0`: the card
 * changed nothing, so nothing was merged.
 */
export interface CardMerged {
  type: 'merged';
  t: number;
  run: string;
  card: string;
  commit: string;
  branch: string;
  files: number;
  added: number;
  removed: number;
}

/** A card's branch could not be merged: a conflict (the files that collided), or `merge.verify` failed. */
export interface MergeFailed {
  type: 'merge-failed';
  t: number;
  run: string;
  card: string;
  kind: 'conflict' | 'verify';
  files?: string[];
  message: string;
}

/** A card's commit entered the merge queue's merge step (into the integration branch). */
export interface MergeStarted {
  type: 'merge-started';
  t: number;
  run: string;
  card: string;
  branch: string;
  /** The card's own commit being merged. */
  commit?: string;
}

/** orch made a git worktree for a card's attempt: on `branch`, or detached (a read-only checkout). */
export interface WorktreeCreated {
  type: 'worktree-created';
  t: number;
  run: string;
  card: string;
  attempt: number;
  path: string;
  branch?: string;
  /** The integration commit it started from. */
  base: string;
}

/** orch removed a card's worktree (and its branch, when `branch` is set). */
export interface WorktreeRemoved {
  type: 'worktree-removed';
  t: number;
  run: string;
  card: string;
  path: string;
  branch?: string;
}

/** orch created the integration branch (from `from`) and its worktree. */
export interface IntegrationCreated {
  type: 'integration-created';
  t: number;
  run: string;
  branch: string;
  from: string;
  path: string;
}

/** The format version a run-started record begins: records written before versions were kept are 1. */
export function schemaOf(event: RunStarted): number {
  return typeof event.schema === 'number' ? event.schema : 1;
}
