import type { Card } from '../cards/card.js';
import type { Config } from '../config/config.js';
import type { AttemptView, CardChanges, CardView, ResultFormat } from '../report/view.js';
import type { CardStatus, Tokens } from '../scheduler/status.js';
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
  return view;
}

/** How a card's result reads: as written on the card, else text for a `command` agent's output, else markdown. */
export function formatOf(card: Card, agent: string, config: Config): ResultFormat {
  if (card.format === 'markdown' || card.format === 'text') return card.format;
  return config.agents[agent]?.use === 'command' ? 'text' : 'markdown';
}
