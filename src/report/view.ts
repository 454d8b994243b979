import type { CardStatus, ErrorKind, Tokens } from '../scheduler/status.js';

/**
 * What the status table and the report show, derived from the cards and the event log by
 * `viewOf` (src/state/view-of.ts). Renderers are pure functions of a RunView: same view, same bytes.
 */
export interface RunView {
  goal?: string;
  /** Start of the latest run (epoch ms), if any ran. */
  startedAt?: number;
  /** End of the latest run, if it ended. */
  endedAt?: number;
  /** The time the view stands for: endedAt, or the last event's time while running. */
  asOf: number;
  running: boolean;
  counts: Record<CardStatus, number>;
  /** Topological order, ties by id. */
  cards: CardView[];
  /** Every attempt of the latest run of each card, by start time. */
  attempts: AttemptView[];
  /** Errors and what happened next, by time. */
  incidents: Incident[];
  costUsd: number;
  tokens: Tokens;
  /** Sum of attempt durations. */
  agentTimeMs: number;
  /** Per agent: cost, tokens, attempts. */
  agents: AgentTotals[];
}

export interface CardView {
  id: string;
  title: string;
  /** The card file, relative to the project root. */
  file: string;
  agent: string;
  deps: string[];
  status: CardStatus;
  attempts: number;
  startedAt?: number;
  endedAt?: number;
  durationMs?: number;
  costUsd?: number;
  tokens?: Tokens;
  /** results/<id>.md relative to the project root, for a done card. */
  result?: string;
  final: boolean;
  report: boolean;
  lastError?: { kind?: ErrorKind; message: string; log?: string };
  /** For a blocked card: the failed dep it waits on. */
  blockedBy?: string;
  /** For a failed card: the cards it blocked. */
  blocks?: string[];
  /** Done without running in the latest run: nothing it depends on had changed. */
  upToDate?: boolean;
  /**
   * The agent that did the work: the agent of the attempt that succeeded (with a fallback list,
   * `agent: [claude, codex]`, it may differ from `agent`). Only for a done card that ran.
   */
  doneBy?: string;
  /**
   * How the report shows the result: `markdown`, merged into the report, or `text`, as written in
   * a fenced block. From the card's `format`, else `text` for a `command` agent's output.
   */
  format?: ResultFormat;
  /** What the card's work changed and how its merge went (worktree cards), from the event log. */
  changes?: CardChanges;
  /** The card's own worktree while orch keeps it (a failed card's stays for inspection), from the event log. */
  worktree?: CardWorktree;
  /** The `orch worker` that ran the card's latest attempt (a Redis backend). */
  worker?: string;
}

export interface CardWorktree {
  path: string;
  branch: string;
}

export type ResultFormat = 'markdown' | 'text';

/** Lines added and removed are counted as `git diff --numstat` does. */
export interface CardChanges {
  files: number;
  added: number;
  removed: number;
  commit?: string;
  branch?: string;
  /** `nothing`: the card changed no file, so there was nothing to merge. */
  merge?: 'merged' | 'conflict' | 'verify_failed' | 'nothing';
  /** For a conflict: the files that collided. */
  conflicts?: string[];
  /** For a failed merge: what went wrong, one line. */
  message?: string;
}

export interface AttemptView {
  card: string;
  attempt: number;
  agent: string;
  startedAt: number;
  endedAt?: number;
  ok?: boolean;
  errorKind?: ErrorKind;
  /** The log file, relative to the project root. */
  log: string;
  /** The `orch worker` that ran it (a Redis backend). */
  worker?: string;
  /** The worker that had it before it stopped answering, when another worker took the job over. */
  recoveredFrom?: string;
}

export interface Incident {
  t: number;
  card: string;
  agent: string;
  attempt: number;
  kind: ErrorKind;
  message: string;
  /** What happened next: `retried in 5s`, `gave up`, `agent slowed to 2`, `interrupted`, … */
  next: string;
}

export interface AgentTotals {
  agent: string;
  attempts: number;
  costUsd: number;
  tokens: Tokens;
  timeMs: number;
}
