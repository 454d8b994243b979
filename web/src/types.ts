/** The shapes the server sends (src/ui/live-state.ts, src/ui/card-detail.ts), as the page reads them. */
export type Status = string;

export interface Tokens {
  input: number;
  output: number;
}

export interface CardView {
  id: string;
  title: string;
  file: string;
  agent: string;
  deps: string[];
  status: Status;
  attempts: number;
  startedAt?: number;
  endedAt?: number;
  durationMs?: number;
  costUsd?: number;
  tokens?: Tokens;
  result?: string;
  lastError?: { kind?: string; message: string; log?: string };
  blockedBy?: string;
  upToDate?: boolean;
}

export interface Totals {
  counts: Record<string, number>;
  costUsd: number;
  tokens: Tokens;
  agentTimeMs: number;
  startedAt?: number;
  endedAt?: number;
  lastT: number;
}

export type UiMessage =
  | { type: 'snapshot'; now: number; running: boolean; goal?: string; cards: CardView[]; criticalPath: string[]; totals: Totals; problems: string[] }
  | { type: 'update'; now: number; running: boolean; cards: CardView[]; totals: Totals };

export interface AttemptDetail {
  card: string;
  attempt: number;
  agent: string;
  startedAt: number;
  endedAt?: number;
  ok?: boolean;
  errorKind?: string;
  log: string;
  end?: { to: Status; message?: string; costUsd?: number; tokens?: Tokens; durationMs?: number };
  /** The `orch worker` that ran it, when it ran on one. */
  worker?: string;
}

export interface CardDetail {
  view: CardView;
  settings: Record<string, unknown>;
  prompt?: { attempt: number; text: string; truncated: boolean };
  resultHtml?: string;
  attempts: AttemptDetail[];
  latestAttempt?: number;
  /** It ran in a git worktree: /api/cards/<id>/diff has its change. */
  worktree: boolean;
}

/** A worktree card's change, as `orch diff` prints it (cut at 256 KB). */
export interface CardDiff {
  text: string;
  truncated: boolean;
}
