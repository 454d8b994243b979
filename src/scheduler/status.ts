/** Card statuses and attempt outcomes: the vocabulary shared by the scheduler, the log and the views. */
export const STATUSES = ['waiting', 'awaiting-approval', 'pending', 'running', 'retrying', 'done', 'failed', 'blocked', 'cancelled'] as const;
export type CardStatus = (typeof STATUSES)[number];

export const STATUS_EMOJI: Record<CardStatus, string> = {
  waiting: '⏳', 'awaiting-approval': '✋', pending: '🔜', running: '🏃', retrying: '🔁', done: '✅', failed: '❌', blocked: '⛔', cancelled: '🚫',
};

export function isTerminal(status: CardStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'blocked' || status === 'cancelled';
}

/** Why an attempt did not succeed. */
export type ErrorKind =
  | 'rate_limit' // 429, overload, 529: retry, and slow the agent down
  | 'usage_limit' // quota with a reset time: pause the agent until then
  | 'timeout'
  | 'stall' // printed nothing for `stall`
  | 'crash' // killed by a signal, or died without a result
  | 'exit' // non-zero exit
  | 'agent_error' // the agent's structured output reported an error
  | 'outputs_missing'
  | 'verify_failed'
  | 'max_turns'
  | 'budget' // the card's or the run's cost limit
  | 'not_found' // executable missing
  | 'bad_args'
  | 'auth'
  | 'config' // e.g. the openai endpoint is malformed
  | 'io' // orch could not write a log, prompt, result or state file (full disk, read-only, a planted link)
  | 'setup' // a worktree's setup command failed
  | 'merge_conflict' // the card's branch conflicts with work merged before it
  | 'merge_verify' // merge.verify failed on the integration tree after the merge
  | 'rejected' // a person rejected the card at its approval gate
  | 'interrupted'; // the run was stopped: no attempt is charged

const PERMANENT: ReadonlySet<ErrorKind> = new Set(['not_found', 'bad_args', 'auth', 'config', 'budget', 'io', 'rejected']);

export function isRetryable(kind: ErrorKind): boolean {
  return !PERMANENT.has(kind);
}

export interface Tokens {
  input: number;
  output: number;
}

/** What the runtime tells the scheduler when an attempt ends. */
export interface AttemptOutcome {
  ok: boolean;
  errorKind?: ErrorKind;
  /** One line for humans. */
  message?: string;
  exitCode?: number | null;
  signal?: string | null;
  durationMs: number;
  costUsd?: number;
  tokens?: Tokens;
  /** Content hash of the result written for a successful attempt. */
  resultHash?: string;
  /** Epoch ms at which a usage limit resets. */
  retryAt?: number;
  /** Context for the next attempt's prompt: log tail, verify output. */
  detail?: string;
  /** `false`: not retried whatever its kind (a merge conflict under `onConflict: fail`). */
  retryable?: boolean;
}
