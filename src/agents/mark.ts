/**
 * Every process orch starts carries ORCH_ATTEMPT_MARK=<run>.<card>.<attempt>.<n> in its environment,
 * and every descendant inherits it (setsid and double forks included), so /proc/<pid>/environ tells
 * whose it is: processes are ended by mark, not only by process group.
 */
export const MARK_VAR = 'ORCH_ATTEMPT_MARK';

/** The mark of an attempt; a process adds its own sequence number to it. */
export function attemptMark(run: string, card: string, attempt: number): string {
  return `${run}.${card}.${attempt}`;
}

/** The run a mark belongs to (run ids hold no dot). */
export function runOfMark(mark: string): string {
  return mark.slice(0, mark.indexOf('.') === -1 ? mark.length : mark.indexOf('.'));
}

/** Whether `mark` is `prefix` itself or below it (`run` covers `run.card.1.0`). */
export function markUnder(mark: string, prefix: string): boolean {
  return mark === prefix || mark.startsWith(`${prefix}.`);
}
