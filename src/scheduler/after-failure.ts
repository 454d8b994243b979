import { backoffDelay, type Backoff } from './backoff.js';
import { isRetryable, type AttemptOutcome } from './status.js';

/** What becomes of a card whose attempt failed, and its failed attempts counted against `retries`. */
export type AfterFailure = { failures: number; rateLimited: boolean } & (
  | { to: 'cancelled' }
  /** A usage limit: the agent pauses until `until`; the attempt is not charged. */
  | { to: 'paused'; until: number }
  | { to: 'retrying'; retryAt: number }
  | { to: 'failed' }
);

export interface FailureContext {
  /** Failed attempts before this one. */
  failures: number;
  retries: number;
  stopping: boolean;
  now: number;
  backoff: Backoff;
  random: () => number;
}

/**
 * Interrupted attempts are cancelled and a usage limit with a reset time pauses the agent, neither
 * charged; a retryable error with retries left backs off; anything else fails the card. Pure.
 */
export function afterFailure(outcome: AttemptOutcome, ctx: FailureContext): AfterFailure {
  const kind = outcome.errorKind ?? 'exit';
  const rateLimited = kind === 'rate_limit';
  if (kind === 'interrupted') return { to: 'cancelled', failures: ctx.failures, rateLimited };
  if (kind === 'usage_limit' && outcome.retryAt !== undefined && !ctx.stopping) {
    return { to: 'paused', until: Math.max(outcome.retryAt, ctx.now), failures: ctx.failures, rateLimited };
  }
  const failures = ctx.failures + 1;
  if (isRetryable(kind) && outcome.retryable !== false && failures <= ctx.retries && !ctx.stopping) {
    return { to: 'retrying', retryAt: ctx.now + backoffDelay(ctx.backoff, failures, ctx.random()), failures, rateLimited };
  }
  return { to: 'failed', failures, rateLimited };
}
