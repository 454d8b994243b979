import path from 'node:path';
import { ORCH_DIR } from '../state/layout.js';
import type { Tokens } from '../scheduler/status.js';

/** Shown in a cell that has nothing to show. */
export const NONE = '—';

/** `$0.42`; below a cent, four decimals so small runs do not all read `$0.00`. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0.00';
  return `$${usd.toFixed(Math.abs(usd) < 0.01 ? 4 : 2)}`;
}

/** `12,345`, the same on every machine (no locale). */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatTokens(tokens: Tokens): string {
  return `${formatCount(tokens.input)} in / ${formatCount(tokens.output)} out`;
}

/** `2026-01-05T10:00:00Z`: UTC, whole seconds. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A project-relative path (`.orchestrator/tasks/T-01.md`) as a link from a file in `.orchestrator/`
 * (`tasks/T-01.md`), each segment percent-encoded.
 */
export function linkFromOrchDir(file: string): string {
  const posix = file.replaceAll('\\', '/');
  const relative = path.posix.isAbsolute(posix) ? posix : path.posix.relative(ORCH_DIR, posix);
  return relative.split('/').map((segment) => (segment === '..' ? segment : encodeURIComponent(segment))).join('/');
}

/** Where a card's result lives, relative to the project root. */
export function resultFile(id: string, result?: string): string {
  return result ?? `${ORCH_DIR}/results/${id}.md`;
}
