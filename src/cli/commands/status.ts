import { watch } from 'chokidar';
import { renderStatusTerminal } from '../../report/status-terminal.js';
import type { AttemptView, RunView } from '../../report/view.js';
import { predictNextRun } from '../../project/next-run.js';
import { readView } from '../../project/view.js';
import type { Verdict } from '../../scheduler/why.js';
import { Coalescer } from '../../util/coalesce.js';
import { plainText, printDiagnostics, useColor, type Io } from '../io.js';

export function statusJson(view: RunView, next?: Map<string, Verdict>): string {
  const { counts, running, startedAt, endedAt, costUsd, tokens } = view;
  const attemptsOf = new Map<string, AttemptView[]>();
  for (const a of view.attempts) attemptsOf.set(a.card, [...(attemptsOf.get(a.card) ?? []), a]);
  const cards = view.cards.map((c) => ({
    id: c.id, title: c.title, status: c.status, agent: c.agent, deps: c.deps, attempts: c.attempts,
    startedAt: c.startedAt ?? null, endedAt: c.endedAt ?? null, durationMs: c.durationMs ?? null, costUsd: c.costUsd ?? 0,
    result: c.result ?? null, error: c.lastError?.message ?? null, blockedBy: c.blockedBy ?? null,
    doneBy: c.doneBy ?? null, changes: c.changes ?? null, worktree: c.worktree ?? null, worker: c.worker ?? null,
    attemptDetails: (attemptsOf.get(c.id) ?? []).sort((a, b) => a.attempt - b.attempt).map((a) => ({
      attempt: a.attempt, agent: a.agent, startedAt: a.startedAt, endedAt: a.endedAt ?? null, ok: a.ok ?? null,
      errorKind: a.errorKind ?? null, worker: a.worker ?? null, recoveredFrom: a.recoveredFrom ?? null,
    })),
    ...(next ? { nextRun: whyNote(next.get(c.id)) ?? null } : {}),
  }));
  return `${JSON.stringify({ running, startedAt: startedAt ?? null, endedAt: endedAt ?? null, counts, costUsd, tokens, cards }, null, 2)}\n`;
}

/** 1 when a card failed or is blocked: scripts can test the status without parsing it. */
export function statusExitCode(view: RunView): number {
  return view.counts.failed > 0 || view.counts.blocked > 0 ? 1 : 0;
}

export async function statusCommand(io: Io, options: { json?: boolean; watch?: boolean }): Promise<number> {
  const first = readView(io.cwd);
  const missing = first.project.diagnostics.filter((d) => d.code === 'STATE_MISSING');
  if (missing.length) {
    printDiagnostics(io, missing);
    return 2;
  }
  // cards that do not validate are left out of the table: say which
  printDiagnostics(io, first.project.diagnostics.filter((d) => d.severity === 'error'));
  let code = 0;
  const print = () => {
    const { project, view } = readView(io.cwd);
    code = statusExitCode(view);
    // what the next run would do; not while a run is going (it is deciding that itself)
    const next = view.running ? undefined : predictNextRun(project, project.graph);
    const text = options.json ? statusJson(view, next) : renderStatusTerminal(view, { color: useColor(io), emoji: !plainText(io), width: io.out.columns ?? 120 }) + nextRunNotes(view, next);
    if (options.watch && io.out.isTTY) io.out.write('\x1b[H\x1b[2J');
    io.out.write(text);
  };
  print();
  if (!options.watch) return code;
  const { project } = first;
  const coalescer = new Coalescer(print, 200);
  const watcher = watch([project.layout.events, project.layout.tasks, project.layout.lock], { ignoreInitial: true, depth: 0 });
  watcher.on('all', () => coalescer.request());
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  coalescer.cancel();
  await watcher.close();
  return code;
}

function whyNote(verdict: Verdict | undefined): string | undefined {
  return verdict && verdict.run !== 'no' ? verdict.why : undefined;
}

/** One line per card the next `orch run` would start (or may), saying why. */
function nextRunNotes(view: RunView, next: Map<string, Verdict> | undefined): string {
  if (!next) return '';
  const notes = view.cards.flatMap((c) => {
    const why = whyNote(next.get(c.id));
    return why ? [[c.id, why] as const] : [];
  });
  if (!notes.length) return view.cards.length ? '\nnext run: every card is up to date\n' : '';
  const width = Math.max(...notes.map(([id]) => id.length));
  return `\nnext run would start:\n${notes.map(([id, why]) => `  ${id.padEnd(width)}  ${why}`).join('\n')}\n`;
}
