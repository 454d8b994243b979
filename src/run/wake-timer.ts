/** The longest delay a Node timer holds (2^31-1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One timer that wakes the runner at a given time, however far ahead: a delay past what a Node
 * timer holds is waited in steps, never as a busy loop.
 */
export class WakeTimer {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly wake: () => void) {}

  /** Wake at `at` (epoch ms), replacing any earlier request; undefined cancels. */
  at(at: number | undefined): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (at === undefined) return;
    const delay = Math.max(0, at - Date.now());
    if (delay > MAX_TIMER_MS) this.timer = setTimeout(() => this.at(at), MAX_TIMER_MS);
    else this.timer = setTimeout(this.wake, delay);
  }

  cancel(): void {
    this.at(undefined);
  }
}
