import type { Card } from '../cards/card.js';
import type { Config } from '../config/config.js';
import type { AttemptView, CardChanges, CardView, CardWorktree, ResultFormat } from '../report/view.js';
import type { CardStatus, Tokens } from '../scheduler/status.js';
import type { AttemptSpawned, CardChanged, WorktreeCreated, WorktreeRemoved } from './events.js';
import type { ViewOptions } from './view-of.js';

/** What a fold of the event log knows of one card: the part the full fold and the live fold share. */
export interface FoldedCard {
  status: CardStatus;
  attempts: AttemptView[];
  costUsd: number;
  tokens: Tokens;
  lastError?: CardView['lastError'];
  blockedBy?: string;
  upToDate?: boolean;
  endedAt?: number;
  /** The agent of the attempt that ended done. */
  doneBy?: string;
  changes?: CardChanges;
  worktree?: CardWorktree;
}

/** The view of one card from its fold; a waiting card whose deps are all done shows as pending. */
export function cardViewOf(card: Card, f: FoldedCard, depsDone: boolean, config: Config, relPath: ViewOptions['relPath']): CardView {
  const status = f.status === 'waiting' && depsDone ? 'pending' : f.status;
  const view: CardView = {
    id: card.id, title: card.title, file: card.file, agent: card.agent ?? config.defaults.agent, deps: card.deps, status,
    attempts: f.attempts.length, final: card.final, report: card.report,
  };
  const first = f.attempts[0];
  if (first) {
    view.startedAt = first.startedAt;
    if (f.endedAt !== undefined && f.endedAt >= first.startedAt) {
      view.endedAt = f.endedAt;
      view.durationMs = f.endedAt - first.startedAt;
    }
  }
  if (f.costUsd) view.costUsd = f.costUsd;
  if (f.tokens.input || f.tokens.output) view.tokens = f.tokens;
  if (status === 'done') view.result = relPath('result', card.id);
  if (f.lastError && (status === 'failed' || status === 'retrying' || status === 'cancelled')) view.lastError = f.lastError;
  if (status === 'blocked' && f.blockedBy) view.blockedBy = f.blockedBy;
  if (status === 'done' && f.upToDate) view.upToDate = true;
  if (status === 'done' && f.doneBy) view.doneBy = f.doneBy;
  if (formatOf(card, view.doneBy ?? view.agent, config) === 'text') view.format = 'text';
  if (f.changes) view.changes = f.changes;
  if (f.worktree) view.worktree = f.worktree;
  const worker = f.attempts.findLast((a) => a.worker)?.worker;
  if (worker) view.worker = worker;
  return view;
}

/** How a card's result reads: as written on the card, else text for a `command` agent's output, else markdown. */
export function formatOf(card: Card, agent: string, config: Config): ResultFormat {
  if (card.format === 'markdown' || card.format === 'text') return card.format;
  return config.agents[agent]?.use === 'command' ? 'text' : 'markdown';
}

/**
 * Fold one `card` record into a card's fold: what the full fold and the live fold both keep. A
 * first attempt starts the card's record afresh (callers clear their own extras then). Returns the
 * agent of the attempt that this record ends, if it ends one.
 */
export function foldCardChange(f: FoldedCard, e: CardChanged, relPath: ViewOptions['relPath']): string | undefined {
  f.status = e.to;
  if (e.to === 'running') {
    if (e.attempt === 1) Object.assign(f, { attempts: [], costUsd: 0, tokens: { input: 0, output: 0 }, lastError: undefined, upToDate: undefined, doneBy: undefined, changes: undefined });
    f.attempts.push({ card: e.card, attempt: e.attempt ?? 1, agent: e.agent ?? '', startedAt: e.t, log: relPath('log', e.card, e.attempt ?? 1) });
  }
  let agent: string | undefined;
  if (e.from === 'running') {
    const a = f.attempts.find((x) => x.attempt === e.attempt);
    if (a) {
      a.endedAt = e.t;
      a.ok = e.to === 'done';
      if (e.errorKind) a.errorKind = e.errorKind;
    }
    agent = a?.agent || (e.agent ?? '');
    if (e.to === 'done') f.doneBy = agent;
    f.costUsd += e.costUsd ?? 0;
    f.tokens = { input: f.tokens.input + (e.tokens?.input ?? 0), output: f.tokens.output + (e.tokens?.output ?? 0) };
    f.endedAt = e.t;
    if (e.to !== 'done') {
      f.lastError = { message: e.message ?? e.to, log: relPath('log', e.card, e.attempt ?? 1) };
      if (e.errorKind) f.lastError.kind = e.errorKind;
    }
  }
  if (e.to === 'blocked' && e.blockedBy) f.blockedBy = e.blockedBy;
  if (e.to === 'done' && e.upToDate) f.upToDate = true;
  return agent;
}

/**
 * Fold a record of where a card's attempt runs: the worker named by `spawned` (a later `spawned`
 * of the same attempt is another worker taking the job over), the card's own worktree made and
 * removed (read-only checkouts, on no branch, are not the card's to keep).
 */
export function foldPlace(f: FoldedCard, e: AttemptSpawned | WorktreeCreated | WorktreeRemoved): void {
  if (e.type === 'spawned') {
    const a = f.attempts.find((x) => x.attempt === e.attempt);
    if (!a || !e.worker) return;
    if (e.recoveredFrom) a.recoveredFrom = e.recoveredFrom;
    a.worker = e.worker;
  } else if (e.type === 'worktree-created') {
    if (e.branch) f.worktree = { path: e.path, branch: e.branch };
  } else if (f.worktree?.path === e.path) f.worktree = undefined;
}
