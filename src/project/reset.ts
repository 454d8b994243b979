import fs from 'node:fs';
import path from 'node:path';
import { OrchError } from '../errors.js';
import { closure } from '../graph/closure.js';
import type { CardReset } from '../state/events.js';
import { appendEvents, readEvents } from '../state/event-log.js';
import { ioError } from '../state/io-error.js';
import { layoutOf, rel, resultPath } from '../state/layout.js';
import { withStateLock } from '../state/lock.js';
import { ensureFolder } from '../state/state-dirs.js';
import { currentView } from '../run/markdown-files.js';
import { nearest } from '../util/nearest.js';
import { loadProject } from './load.js';
import { activeRunner } from './view.js';

export interface ResetTarget {
  ids?: string[];
  failed?: boolean;
  all?: boolean;
}

/**
 * Make cards run again on the next `orch run`: a `card-reset` record for each and for everything
 * that depends on it, and their results moved to results/.previous/. Returns the ids reset.
 */
export function resetCards(root: string, target: ResetTarget, now = Date.now()): string[] {
  const project = loadProject(root);
  const { layout, graph } = project;
  const missing = project.diagnostics.find((d) => d.code === 'STATE_MISSING');
  if (missing) throw new OrchError('STATE_MISSING', missing.message, { hint: missing.hint });
  const pid = activeRunner(project);
  if (pid !== undefined) throw new OrchError('STATE_LOCKED', `another run holds ${rel(layout, layout.dir)} (pid ${pid})`, { hint: 'wait for it to end (`orch wait`), then reset' });
  const roots = new Set<string>();
  if (target.all) for (const id of graph.order) roots.add(id);
  if (target.failed) {
    const view = currentView(layout, readEvents(layout.events), graph, project.config, false);
    for (const card of view.cards) if (card.status === 'failed' || card.status === 'blocked' || card.status === 'cancelled') roots.add(card.id);
  }
  for (const id of target.ids ?? []) {
    if (!graph.cards.has(id)) {
      const guess = nearest(id, graph.cards.keys(), 2);
      throw new OrchError('USAGE', `unknown card "${id}"`, { hint: guess ? `did you mean "${guess}"?` : 'see `orch status` for the ids' });
    }
    roots.add(id);
  }
  const reset = closure(roots, (id) => graph.dependents.get(id));
  const ids = graph.order.filter((id) => reset.has(id));
  // held while writing: a run starting meanwhile waits for us, or we refuse while one runs
  withStateLock(layout, { command: 'reset', ifRunning: 'fail' }, () => {
    ensureFolder(layout.results);
    ensureFolder(layout.previous);
    for (const id of ids) {
      const file = resultPath(layout, id);
      const aside = path.join(layout.previous, `${id}.md`);
      try {
        if (fs.lstatSync(file, { throwIfNoEntry: false })) fs.renameSync(file, aside); // moves a link itself, never its target
      } catch (error) {
        throw ioError('move aside', file, error);
      }
    }
    appendEvents(layout.events, ids.map((card): CardReset => ({ type: 'card-reset', t: now, card })));
  });
  return ids;
}

export interface ResetDone {
  ids: string[];
  /** What was done to the cards' worktrees and branches, one line each. */
  notes: string[];
}

/**
 * `orch reset` (and a reset or retry from `orch ui` or MCP): `resetCards`, then the worktrees and
 * branches orch made for those cards removed, so their next run starts afresh; committed work not
 * merged is kept (src/workspace/reset-worktrees.ts). git is loaded only when the event log says a
 * reset card had a worktree. A failure there leaves the reset done and says why in a note.
 */
export async function resetWithWorktrees(root: string, target: ResetTarget, now = Date.now()): Promise<ResetDone> {
  const ids = resetCards(root, target, now);
  const reset = new Set(ids);
  const made = new Set<string>();
  for (const e of readEvents(layoutOf(root).events)) if (e.type === 'worktree-created' && e.branch && reset.has(e.card)) made.add(e.card);
  if (!made.size) return { ids, notes: [] };
  const { resetCardWorktrees } = await import('../workspace/reset-worktrees.js');
  try {
    return { ids, notes: await resetCardWorktrees(root, ids.filter((id) => made.has(id))) };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const hint = error instanceof OrchError && error.hint ? ` — ${error.hint}` : '';
    return { ids, notes: [`worktrees left in place: ${error.message}${hint}`] };
  }
}
