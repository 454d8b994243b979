import fs from 'node:fs';
import type { Config } from '../config/config.js';
import type { Graph } from '../graph/build.js';
import { renderReport } from '../report/report.js';
import { renderStatusMarkdown } from '../report/status-table.js';
import type { RunView } from '../report/view.js';
import { writeAtomic } from '../state/atomic.js';
import type { LogEvent } from '../state/events.js';
import { rel, logPath, resultPath, type Layout } from '../state/layout.js';
import { viewOf } from '../state/view-of.js';

/** The view of a folder's cards and event log, with paths as the project root sees them. */
export function currentView(layout: Layout, events: readonly LogEvent[], graph: Graph, config: Config, running: boolean): RunView {
  return viewOf(events, graph, config, {
    running,
    now: Date.now(),
    relPath: (kind, id, attempt) => rel(layout, kind === 'result' ? resultPath(layout, id) : logPath(layout, id, attempt ?? 1)),
  });
}

export function writeStatus(layout: Layout, view: RunView): void {
  writeAtomic(layout.status, renderStatusMarkdown(view));
}

export function writeReport(layout: Layout, view: RunView): void {
  const text = renderReport(view, (id) => {
    try {
      return fs.readFileSync(resultPath(layout, id), 'utf8');
    } catch {
      return undefined;
    }
  });
  writeAtomic(layout.report, text);
}
