import type { RunView } from '../report/view.js';
import { currentView } from '../run/markdown-files.js';
import { readEvents } from '../state/event-log.js';
import { isHolderAlive, readLock } from '../state/lock.js';
import { loadProject, type Project } from './load.js';

/** Whether a live runner holds the folder, and its pid. */
export function activeRunner(project: Project): number | undefined {
  const holder = readLock(project.layout.lock);
  return holder && isHolderAlive(holder) ? holder.pid : undefined;
}

/** The status of a folder as `orch status` shows it: cards, the event log, the lock. */
export function readView(root: string): { project: Project; view: RunView } {
  const project = loadProject(root);
  const events = readEvents(project.layout.events);
  const view = currentView(project.layout, events, project.graph, project.config, activeRunner(project) !== undefined);
  return { project, view };
}
