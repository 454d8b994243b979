/** Durations in cards and config: `500ms`, `30s`, `5m`, `1h`, or a number of seconds. */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The longest delay a Node timer holds (2^31-1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)}s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  if (m < 60) return rest ? `${m}m${String(rest).padStart(2, '0')}s` : `${m}m`;
  const h = Math.floor(m / 60);
  return `${h}h${String(m % 60).padStart(2, '0')}m`;
}

/** Why a duration cannot be used, or undefined when it can: `timer` durations must fit a Node timer. */
export function durationProblem(value: unknown, options: { timer?: boolean; zero?: boolean } = {}): { ms?: number; problem?: string; hint: string } {
  const hint = 'use 500ms, 30s, 5m, 1h or a number of seconds';
  const ms = parseDuration(value);
  if (ms === undefined || (!options.zero && ms === 0)) return { problem: `bad duration ${JSON.stringify(value)}`, hint };
  if (options.timer && ms > MAX_TIMER_MS) {
    return { problem: `${JSON.stringify(value)} is longer than a timer can hold (24.8 days)`, hint: 'use at most 596h' };
  }
  return { ms, hint };
}
