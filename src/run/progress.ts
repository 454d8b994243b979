import type { Diagnostic } from '../errors.js';
import { formatDiagnostic } from '../errors.js';
import type { RunView } from '../report/view.js';
import { STATUS_EMOJI } from '../scheduler/status.js';
import type { LogEvent } from '../state/events.js';
import { formatDuration } from '../util/duration.js';

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

export function createProgress(mode: ProgressMode, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Progress {
  const base = {
    diagnostic: (d: Diagnostic) => err.write(`${formatDiagnostic(d)}\n`),
    notice: (line: string) => err.write(`${line}\n`),
    close: () => {},
  };
  if (mode === 'json') return { ...base, event: (e) => out.write(`${JSON.stringify(e)}\n`) };
  if (mode === 'quiet') return { ...base, event: () => {} };
  if (mode === 'lines') return { ...base, event: (e) => { const line = describeEvent(e); if (line) out.write(`${line}\n`); } };
  return liveProgress(out, base);
}

/** One line per state change, for logs and pipes. */
export function describeEvent(e: LogEvent): string | undefined {
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
      return `${time} ${STATUS_EMOJI[e.to]} ${e.card} ${what}`;
    }
    case 'run-started': return `${time} run ${e.run} started (pid ${e.pid}, concurrency ${e.concurrency})`;
    case 'run-ended': return `${time} run ended: ${e.reason}, exit ${e.exitCode}`;
    case 'agent-throttled': return `${time} agent ${e.agent}: ${e.reason}, concurrency ${e.limit}${e.until ? ` until ${new Date(e.until).toISOString()}` : ''}`;
    case 'card-rejected': return `${time} left out ${e.file}: ${e.message}`;
    default: return undefined;
  }
}

/** A table redrawn in place on a TTY: counts, then the running cards with elapsed time and attempt. */
function liveProgress(out: NodeJS.WritableStream, base: Omit<Progress, 'event'>): Progress {
  let drawn = 0;
  const lines: string[] = [];
  const clear = () => { if (drawn) out.write(`\x1b[${drawn}A\x1b[0J`); drawn = 0; };
  return {
    ...base,
    notice: (line) => { clear(); base.notice(line); },
    diagnostic: (d) => { clear(); base.diagnostic(d); },
    event: (e) => {
      if (e.type === 'card' && (e.to === 'failed' || e.to === 'retrying')) lines.push(describeEvent(e) ?? '');
    },
    view: (view) => {
      clear();
      for (const line of lines.splice(0)) out.write(`${line}\n`);
      const counts = Object.entries(view.counts).filter(([, n]) => n).map(([s, n]) => `${STATUS_EMOJI[s as keyof typeof STATUS_EMOJI]} ${n} ${s}`).join('  ');
      const elapsed = view.startedAt ? formatDuration(view.asOf - view.startedAt) : '';
      const rows = [`${counts}   ${elapsed}${view.costUsd ? `   $${view.costUsd.toFixed(2)}` : ''}`];
      const started = new Map(view.attempts.map((a) => [a.card, a.startedAt]));
      const running = view.cards.filter((x) => x.status === 'running');
      for (const c of running.slice(0, 20)) {
        rows.push(`  🏃 ${c.id.padEnd(12)} ${c.title.slice(0, 40).padEnd(40)} ${c.agent.padEnd(8)} #${c.attempts} ${formatDuration(view.asOf - (started.get(c.id) ?? view.asOf))}`);
      }
      if (running.length > 20) rows.push(`  … and ${running.length - 20} more running`);
      out.write(`${rows.join('\n')}\n`);
      drawn = rows.length;
    },
    // the last frame stays on screen: it is the run's final count
    close: () => { for (const line of lines.splice(0)) out.write(`${line}\n`); },
  };
}
