import type { Card } from '../cards/card.js';
import type { Config } from '../config/config.js';
import type { Graph } from '../graph/build.js';
import type { LogEvent, RunEnded } from '../state/events.js';
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
  /** Decisions at approval gates from earlier runs or given while no run was going. */
  approvals?: ReadonlyMap<string, Approval>;
  /** The content digest of the files a card's `inputs` match now (I/O, passed in). Without it, inputs are not tracked. */
  inputsHash?: (card: Card) => InputsDigest;
  /** Cards to run whatever their fingerprint (`--force <ids>`), or all of them (`-B`). */
  force?: readonly string[] | 'all';
}

export type Approval = 'approved' | 'rejected';

/** What a person can do to a card from outside the run (`orch ui`, `orch approve`, …). */
export const CONTROL_ACTIONS = ['cancel', 'retry', 'reset', 'approve', 'reject'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** Why a running attempt is stopped before its end. */
export type StopReason = 'interrupt' | 'card-edited' | 'cancel';

/** A dep of an `always` card that ended without being done, as its prompt shows it. */
export interface EndedDep {
  id: string;
  status: CardStatus;
  message?: string;
}

export interface Rejection {
  card?: string;
  file: string;
  message: string;
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
  /** The cards as they are now, and every card file that does not validate now. */
  | { type: 'cards-changed'; now: number; graph: Graph; rejected: Rejection[] }
  | { type: 'control'; now: number; action: ControlAction; card: string }
  | { type: 'interrupt'; now: number };

/** What the scheduler asks the runtime to do, in order. */
export type Effect =
  | { type: 'record'; event: LogEvent }
  | { type: 'start'; card: Card; attempt: number; agent: string; failure?: FailureNote; depResults: string[]; depsEnded?: EndedDep[] }
  | { type: 'stop'; card: string; reason: StopReason }
  /** Nothing is left to do. The runner records `event` (run-ended) only if it really ends the run. */
  | { type: 'finish'; exitCode: number; reason: RunEnded['reason']; event: RunEnded };

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
  /** Which of the card's agents (its fallback list) the next attempt goes to. */
  agentIndex: number;
  /** Approved at its gate in this run (or before it). */
  approved?: boolean;
  /** The running attempt is stopped and its card goes back to waiting without a charge: a new version (edited) or a dep that reruns. */
  requeue?: boolean;
  /** The running attempt is stopped at a person's request: the card ends cancelled. */
  cancelRequested?: boolean;
  /** Runs whatever its fingerprint says (a reset during the run, `--force`, `-B`). */
  forced?: boolean;
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
