import fs from 'node:fs';
import type { Config } from '../config/config.js';
import type { Graph } from '../graph/build.js';
import type { RunView } from '../report/view.js';
import { writeAtomic } from '../state/atomic.js';
import type { LogEvent } from '../state/events.js';
import { rel, logPath, resultPath, type Layout } from '../state/layout.js';
import { viewOf } from '../state/view-of.js';

type Renderers = typeof import('./renderers.js');
let renderers: Renderers | undefined;

/**
 * Load the markdown renderers (unified, remark: a tenth of a second of start-up). A run starts its
 * first agents before, and writes status.md once they are here.
 */
export async function loadRenderers(): Promise<Renderers> {
  return (renderers ??= await import('./renderers.js'));
}

export function renderersLoaded(): boolean {
  return renderers !== undefined;
}

/** The view of a folder's cards and event log, with paths as the project root sees them. */
export function currentView(layout: Layout, events: readonly LogEvent[], graph: Graph, config: Config, running: boolean): RunView {
  return viewOf(events, graph, config, {
    running,
    now: Date.now(),
    relPath: (kind, id, attempt) => rel(layout, kind === 'result' ? resultPath(layout, id) : logPath(layout, id, attempt ?? 1)),
  });
}

export async function writeStatus(layout: Layout, view: RunView): Promise<void> {
  writeAtomic(layout.status, (await loadRenderers()).renderStatusMarkdown(view));
}

/** Rewrite status.md now if the renderers are loaded (true), else leave it for later (false). */
export function writeStatusNow(layout: Layout, view: () => RunView): boolean {
  if (!renderers) return false;
  writeAtomic(layout.status, renderers.renderStatusMarkdown(view()));
  return true;
}

export async function writeReport(layout: Layout, view: RunView): Promise<void> {
  const text = (await loadRenderers()).renderReport(view, (id) => {
    try {
      return fs.readFileSync(resultPath(layout, id), 'utf8');
    } catch {
      return undefined;
    }
  });
  writeAtomic(layout.report, text);
}
