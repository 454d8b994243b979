/** The longest delay a Node timer holds (a signed 32-bit count of ms); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LongTimer {
  /** Start the delay over from now (cheap: the timer re-arms itself when it fires early). */
  refresh(): void;
  clear(): void;
}

/**
 * setTimeout for any delay: a delay above MAX_TIMER_MS is waited out in steps, so `timeout: 1000h`
 * or a usage-limit reset a year ahead neither fires early nor spins. Infinity never fires.
 */
export function setLongTimeout(fn: () => void, ms: number): LongTimer {
  let due = Date.now() + ms;
  let timer: NodeJS.Timeout | undefined;
  let cleared = false;
  const arm = () => {
    const left = due - Date.now();
    if (!Number.isFinite(left)) return;
    timer = setTimeout(() => {
      if (cleared) return;
      if (due - Date.now() > 0) arm();
      else fn();
    }, Math.min(Math.max(0, left), MAX_TIMER_MS));
  };
  arm();
  return {
    refresh() {
      due = Date.now() + ms;
    },
    clear() {
      cleared = true;
      clearTimeout(timer);
    },
  };
}

/** A delay clamped to what a timer holds, for callers that re-check when it fires. */
export function timerDelay(ms: number): number {
  return Math.min(Math.max(0, ms), MAX_TIMER_MS);
}
