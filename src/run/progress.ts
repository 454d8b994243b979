import type { Diagnostic } from '../errors.js';
import { formatDiagnostic } from '../errors.js';
import type { RunView } from '../report/view.js';
import { STATUS_EMOJI } from '../scheduler/status.js';
import type { LogEvent } from '../state/events.js';
import { formatDuration } from '../util/duration.js';
import { finishedOf, renderLiveFrame, type Finished } from './live-table.js';

/** Where `orch run` tells the user what happens. */
export interface Progress {
  diagnostic(d: Diagnostic): void;
  notice(line: string): void;
  event(e: LogEvent): void;
  /** The current view, for live displays; called at most every ~100 ms. */
  view?(view: RunView): void;
  close(): void;
}

export type ProgressMode = 'lines' | 'json' | 'live' | 'quiet';

export function createProgress(mode: ProgressMode, out: NodeJS.WritableStream, err: NodeJS.WritableStream, options: { emoji?: boolean } = {}): Progress {
  const emoji = options.emoji ?? true;
  const base = {
    diagnostic: (d: Diagnostic) => err.write(`${formatDiagnostic(d)}\n`),
    notice: (line: string) => err.write(`${line}\n`),
    close: () => {},
  };
  if (mode === 'json') return { ...base, event: (e) => out.write(`${JSON.stringify(e)}\n`) };
  if (mode === 'quiet') return { ...base, event: () => {} };
  if (mode === 'lines') return { ...base, event: (e) => { const line = describeEvent(e, emoji); if (line) out.write(`${line}\n`); } };
  return liveProgress(out, base, emoji);
}

/** One line per state change, for logs and pipes. */
export function describeEvent(e: LogEvent, emoji = true): string | undefined {
  const time = new Date(e.t).toISOString().slice(11, 23);
  switch (e.type) {
    case 'card': {
      if (e.to === 'pending' || e.to === 'waiting') return undefined;
      const what = e.to === 'running' ? `started attempt ${e.attempt} on ${e.agent}`
        : e.to === 'done' ? (e.upToDate ? 'up to date' : `done in ${formatDuration(e.durationMs ?? 0)}`)
        : e.to === 'retrying' ? `attempt ${e.attempt} failed (${e.errorKind}): ${e.message ?? ''} — retrying in ${formatDuration(Math.max(0, (e.retryAt ?? e.t) - e.t))}`
        : e.to === 'failed' ? `failed (${e.errorKind}): ${e.message ?? ''}`
        : e.to === 'blocked' ? `blocked by ${e.blockedBy}`
        : e.to === 'cancelled' ? `cancelled${e.message ? `: ${e.message}` : ''}` : e.to;
      return `${time} ${emoji ? `${STATUS_EMOJI[e.to]} ` : ''}${e.card} ${what}`;
    }
    case 'run-started': return `${time} run ${e.run} started (pid ${e.pid}, concurrency ${e.concurrency})`;
    case 'run-ended': return `${time} run ended: ${e.reason}, exit ${e.exitCode}`;
    case 'agent-throttled': return `${time} agent ${e.agent}: ${e.reason}, concurrency ${e.limit}${e.until ? ` until ${new Date(e.until).toISOString()}` : ''}`;
    case 'card-rejected': return `${time} left out ${e.file}: ${e.message}`;
    default: return undefined;
  }
}

/** The live block on a TTY, redrawn in place every second (times move) and on every change; messages go above it. */
function liveProgress(out: NodeJS.WritableStream & { columns?: number }, base: Omit<Progress, 'event'>, emoji: boolean): Progress {
  let drawn = 0;
  let last: RunView | undefined;
  const pending: string[] = [];
  const finished: Finished[] = [];
  // \r first: a ^C echoed by the terminal leaves the cursor mid-line
  const clear = () => { if (drawn) out.write(`\r\x1b[${drawn}A\x1b[0J`); drawn = 0; };
  const draw = (now?: number) => {
    clear();
    for (const line of pending.splice(0)) out.write(`${line}\n`);
    if (!last) return;
    const view = now !== undefined && last.running ? { ...last, asOf: Math.max(last.asOf, now) } : last;
    const lines = renderLiveFrame(view, finished, { width: out.columns ?? 80, emoji });
    out.write(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(() => draw(Date.now()), 1000);
  timer.unref();
  const above = (print: () => void) => { clear(); print(); draw(Date.now()); };
  return {
    ...base,
    notice: (line) => above(() => base.notice(line)),
    diagnostic: (d) => above(() => base.diagnostic(d)),
    event: (e) => {
      if (e.type === 'card' && (e.to === 'failed' || e.to === 'retrying')) pending.push(describeEvent(e, emoji) ?? '');
      const f = finishedOf(e);
      if (f) finished.push(f);
      if (finished.length > 50) finished.splice(0, finished.length - 50);
    },
    view: (view) => {
      last = view;
      draw(Date.now());
    },
    // the last frame stays on screen: it is the run's final count
    close: () => {
      clearInterval(timer);
      if (last) last = { ...last, running: false };
      draw();
    },
  };
}
