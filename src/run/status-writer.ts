import type { RunView } from '../report/view.js';
import type { Layout } from '../state/layout.js';
import { Coalescer } from '../util/coalesce.js';
import { loadRenderers, writeStatusNow } from './markdown-files.js';

/**
 * Keeps status.md (and the live terminal view, if any) current while a run goes: rewritten at most
 * every half second, and using at most ~3% of the runner's time however big the table (its garbage
 * slows everything else too): a person reads it, not a program.
 */
export class StatusWriter {
  private readonly status: Coalescer;
  private readonly live: Coalescer | undefined;

  constructor(layout: Layout, view: () => RunView, show?: (view: RunView) => void) {
    this.status = new Coalescer(() => {
      if (!writeStatusNow(layout, view)) void loadRenderers().then(() => this.status.request());
    }, 500, 30);
    if (show) this.live = new Coalescer(() => show(view()), 100);
  }

  /** Something changed. */
  request(): void {
    this.status.request();
    this.live?.request();
  }

  /** The run is over: the live view is drawn a last time; status.md is written by the caller. */
  close(): void {
    this.status.cancel();
    this.live?.flush(true);
  }
}
