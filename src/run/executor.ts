import type { Card } from '../cards/card.js';
import type { AgentConfig } from '../config/config.js';
import type { AttemptOutcome } from '../scheduler/status.js';
import type { EndedDep, FailureNote, StopReason } from '../scheduler/types.js';
import type { LogEvent } from '../state/events.js';
import type { DepResult } from './prompt.js';

/** One attempt as the scheduler decided it, resolved against the config: everything needed to carry it out. */
export interface AttemptSpec {
  /** The run's id (events, markers, job ids). */
  run: string;
  card: Card;
  attempt: number;
  /** The agent's name in orchestrator.yaml, and its settings. */
  agentName: string;
  agent: AgentConfig;
  /** The deps' results, read by the runner. */
  deps: DepResult[];
  /** Why the previous attempt failed, for the prompt. */
  failure?: FailureNote;
  /** For an `always` card: its deps that ended without being done. */
  depsEnded?: EndedDep[];
}

export type { StopReason };

/** How an attempt ended. On success `resultFile` is a temp file holding the whole result. */
export interface AttemptEnd {
  outcome: AttemptOutcome;
  resultFile?: string;
  /** A writing card's work committed elsewhere (on a worker) and not merged yet: its commit and the branch holding it. */
  work?: { commit: string; branch: string };
}

/** What an executor tells the runner while it carries out attempts. */
export interface ExecutorEvents {
  /** A record for the event log (`spawned`, merge steps, …), appended before the runner acts on anything else. */
  record(event: LogEvent): void;
  /** The attempt is over: called exactly once per started attempt, whatever happened. */
  ended(card: string, attempt: number, end: AttemptEnd): void;
}

/**
 * Carries out the scheduler's `start` and `stop` effects. The local executor runs agents on this
 * machine; a worktree workspace or remote workers wrap or replace it without touching the scheduler.
 */
export interface Executor {
  start(spec: AttemptSpec): void;
  /** Stop one running attempt; its `ended` follows (as `interrupted` when no attempt is spent). */
  stop(card: string, reason: StopReason): void;
  /** End every live process of this run at once (a second Ctrl-C). */
  kill(): void;
  /** No more attempts: release what the executor holds (after every started attempt has ended). */
  close(): Promise<void>;
}
