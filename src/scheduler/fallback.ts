import type { ErrorKind } from './status.js';

/**
 * Whether a card with a fallback list (`agent: [claude, codex]`) moves on to its next agent after
 * this error: the agent cannot do the work now (paused on a usage limit, rate limited down to one
 * slot, missing, or not logged in), which says nothing about the card. Pure.
 */
export function fallsBack(kind: ErrorKind, agentLimitNow: number): boolean {
  if (kind === 'usage_limit' || kind === 'not_found' || kind === 'auth') return true;
  return kind === 'rate_limit' && agentLimitNow <= 1;
}
