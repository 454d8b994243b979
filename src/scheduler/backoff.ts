/** Exponential backoff: initial * factor^(n-1), capped at max, times a jitter factor in [0.8, 1.2]. */
export interface Backoff {
  initialMs: number;
  factor: number;
  maxMs: number;
}

/** `failures` is the number of failed attempts so far (1 after the first); `random` is in [0, 1). */
export function backoffDelay(backoff: Backoff, failures: number, random: number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}
