import type { AgentThrottled, CardChanged, CardRejected } from '../state/events.js';
import type { AttemptOutcome } from './status.js';

/** What an attempt's end adds to its card's status record: exit, error, duration, cost. */
export function outcomeFacts(attempt: number, agent: string, outcome: AttemptOutcome): Partial<CardChanged> {
  const facts: Partial<CardChanged> = { attempt, agent, durationMs: outcome.durationMs };
  for (const key of ['exitCode', 'signal', 'errorKind', 'message', 'costUsd', 'tokens'] as const) {
    if (outcome[key] !== undefined) (facts as Record<string, unknown>)[key] = outcome[key];
  }
  return facts;
}

export function throttledRecord(t: number, run: string, agent: string, limit: number, reason: string, until?: number, card?: string): AgentThrottled {
  const event: AgentThrottled = { type: 'agent-throttled', t, run, agent, limit, reason };
  if (until !== undefined) event.until = until;
  if (card !== undefined) event.card = card;
  return event;
}

export function rejectedRecord(t: number, run: string, rejected: { card?: string; file: string; message: string }): CardRejected {
  const event: CardRejected = { type: 'card-rejected', t, run, file: rejected.file, message: rejected.message };
  if (rejected.card) event.card = rejected.card;
  return event;
}
