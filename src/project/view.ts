import { diagnostic } from '../errors.js';
import type { RunView } from '../report/view.js';
import { currentView } from '../run/markdown-files.js';
import { readEvents } from '../state/event-log.js';
import { shownPath } from '../state/io-error.js';
import { isHolderAlive, readLock } from '../state/lock.js';
import { kindAt } from '../state/owned-file.js';
import { loadProject, type Project } from './load.js';

/** Whether a live runner holds the folder, and its pid. */
export function activeRunner(project: Project): number | undefined {
  const holder = readLock(project.layout.lock);
  return holder && isHolderAlive(holder) ? holder.pid : undefined;
}

/** The status of a folder as `orch status` shows it: cards, the event log, the lock. */
export function readView(root: string): { project: Project; view: RunView } {
  const project = loadProject(root);
  // a log that is a folder, FIFO or link reads as empty: say so rather than show "never ran"
  const kind = kindAt(project.layout.events);
  if (kind !== undefined && kind !== 'file') {
    project.diagnostics.push(diagnostic('IO', `${shownPath(project.layout.events)} is a ${kind}, not a file`, { hint: 'remove it or move it aside; the status below ignores it' }));
  }
  const events = readEvents(project.layout.events);
  const view = currentView(project.layout, events, project.graph, project.config, activeRunner(project) !== undefined);
  return { project, view };
}
