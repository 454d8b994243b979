import type { Card } from '../cards/card.js';
import type { Config } from '../config/config.js';
import type { Graph } from '../graph/build.js';
import type { LogEvent } from '../state/events.js';
import type { FingerprintParts, InputsDigest } from './fingerprint.js';
import type { AttemptOutcome, CardStatus, ErrorKind } from './status.js';

/** What the scheduler knows of earlier runs: the last done record of each card. */
export interface DoneRecord {
  fingerprint: string;
  resultHash: string;
  /** What the fingerprint was made of, to say what changed (absent in logs of older versions). */
  parts?: FingerprintParts;
}

export interface SchedulerOptions {
  run: string;
  config: Config;
  concurrency: number;
  failFast: boolean;
  /** Done records from the event log, and the ids whose results/<id>.md exists. */
  previous: ReadonlyMap<string, DoneRecord>;
  existingResults: ReadonlySet<string>;
  /** In [0, 1): the jitter source. Tests pass a fixed one. */
  random: () => number;
  /** The content digest of the files a card's `inputs` match now (I/O, passed in). Without it, inputs are not tracked. */
  inputsHash?: (card: Card) => InputsDigest;
  /** Cards to run whatever their fingerprint (`--force <ids>`), or all of them (`-B`). */
  force?: readonly string[] | 'all';
}

/** Why the previous attempt failed, for the next attempt's prompt. */
export interface FailureNote {
  kind: ErrorKind;
  message: string;
  detail?: string;
}

/** What the scheduler is told. Time comes in with every input. */
export type SchedulerInput =
  | { type: 'start'; now: number }
  | { type: 'tick'; now: number }
  | { type: 'attempt-ended'; now: number; card: string; attempt: number; outcome: AttemptOutcome }
  | { type: 'cards-changed'; now: number; graph: Graph; rejected: Array<{ card?: string; file: string; message: string }> }
  | { type: 'interrupt'; now: number };

/** What the scheduler asks the runtime to do, in order. */
export type Effect =
  | { type: 'record'; event: LogEvent }
  | { type: 'start'; card: Card; attempt: number; agent: string; failure?: FailureNote; depResults: string[] }
  | { type: 'stop'; card: string }
  | { type: 'finish'; exitCode: number; reason: 'finished' | 'interrupted' | 'fail-fast' | 'budget' };

export interface CardState {
  card: Card;
  status: CardStatus;
  /** Attempts started in this run (the attempt number of the latest). */
  attempt: number;
  /** Failed attempts that count against `retries`. */
  failures: number;
  /** Deps not done yet. */
  waitingOn: number;
  retryAt?: number;
  failure?: FailureNote;
  /** Removed from tasks/ while running: dropped when the attempt ends. */
  removed?: boolean;
  /** The fingerprint parts as the latest attempt started: what its result was made from. */
  parts?: FingerprintParts;
  /** When `parts` were computed, if on becoming ready. */
  partsAt?: number;
}

export interface AgentState {
  /** The configured limit (maxConcurrent, else the run's concurrency). */
  max: number;
  /** The limit now: halved on rate limits, grows back by one per success. */
  limit: number;
  running: number;
  pausedUntil?: number;
}
