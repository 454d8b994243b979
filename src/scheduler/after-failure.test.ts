import { describe, expect, it } from 'vitest';
import { afterFailure } from './after-failure.js';
import type { AttemptOutcome } from './status.js';

const ctx = { failures: 0, retries: 2, stopping: false, now: 1000, backoff: { initialMs: 100, factor: 2, maxMs: 1000 }, random: () => 0.5 };
const failed = (extra: Partial<AttemptOutcome>): AttemptOutcome => ({ ok: false, durationMs: 1, errorKind: 'exit', ...extra });

describe('afterFailure', () => {
  it.each([
    ['an interrupted attempt is cancelled and not charged', failed({ errorKind: 'interrupted' }), ctx, { to: 'cancelled', failures: 0 }],
    ['a usage limit pauses until its reset, not charged', failed({ errorKind: 'usage_limit', retryAt: 5000 }), ctx, { to: 'paused', until: 5000, failures: 0 }],
    ['a retryable error backs off', failed({}), ctx, { to: 'retrying', retryAt: 1100, failures: 1 }],
    ['the third failure with retries: 2 fails the card', failed({}), { ...ctx, failures: 2 }, { to: 'failed', failures: 3 }],
    ['a permanent error fails at once', failed({ errorKind: 'auth' }), ctx, { to: 'failed', failures: 1 }],
    ['nothing is retried once the run stops', failed({}), { ...ctx, stopping: true }, { to: 'failed', failures: 1 }],
    ['a rate limit is retried and flagged', failed({ errorKind: 'rate_limit' }), ctx, { to: 'retrying', rateLimited: true }],
  ] as const)('%s', (_name, outcome, context, expected) => {
    expect(afterFailure(outcome, context)).toMatchObject(expected);
  });
});
