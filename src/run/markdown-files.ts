import type { Config } from '../config/config.js';
import { formatDiagnostic } from '../errors.js';
import type { Graph } from '../graph/build.js';
import type { RunView } from '../report/view.js';
import { writeAtomic } from '../state/atomic.js';
import type { LogEvent } from '../state/events.js';
import { ioError, type StateIoError } from '../state/io-error.js';
import { readOwned } from '../state/owned-file.js';
import { rel, logPath, resultPath, type Layout } from '../state/layout.js';
import { readBounded } from '../state/read-bounded.js';
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

type FaultReporter = (error: StateIoError) => void;
let reporter: FaultReporter = (error) => process.stderr.write(`orch: ${formatDiagnostic(error.toDiagnostic())}\n`);
const reported = new Set<string>();

/**
 * Where a failed status.md or report.md write is told, once per file and errno (default: stderr).
 * The run goes on: these files are views of the log, rewritten on the next change.
 */
export function reportFaultsTo(fn: FaultReporter): void {
  reporter = fn;
}

/** Write a view file whole or not at all; a fault is data (an IO error, told once), never thrown. */
function writeView(file: string, text: string): StateIoError | undefined {
  try {
    writeAtomic(file, text);
    return undefined;
  } catch (error) {
    const fault = ioError('write', file, error);
    const key = `${file}\0${fault.errno}`;
    if (!reported.has(key)) {
      reported.add(key);
      reporter(fault);
    }
    return fault;
  }
}

export async function writeStatus(layout: Layout, view: RunView): Promise<StateIoError | undefined> {
  return writeView(layout.status, (await loadRenderers()).renderStatusMarkdown(view));
}

/** Rewrite status.md now if the renderers are loaded (true), else leave it for later (false). */
export function writeStatusNow(layout: Layout, view: () => RunView): boolean {
  if (!renderers) return false;
  writeView(layout.status, renderers.renderStatusMarkdown(view()));
  return true;
}

/** How much of one result the report shows. */
const REPORT_RESULT_BYTES = 1024 * 1024;

/** report.md from the view; results are read bounded (a result may be gigabytes), never through a planted link. */
export async function writeReport(layout: Layout, view: RunView): Promise<StateIoError | undefined> {
  const text = (await loadRenderers()).renderReport(view, (id) => {
    const read = readBounded(resultPath(layout, id), REPORT_RESULT_BYTES);
    return read && (read.cut ? `${read.text}\n\n(cut at ${REPORT_RESULT_BYTES} of ${read.size} bytes: see the result file)\n` : read.text);
  });
  return writeView(layout.report, text);
}
