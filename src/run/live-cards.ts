import { listCardFiles } from '../cards/read.js';
import type { Graph } from '../graph/build.js';
import type { Rejection } from '../scheduler/types.js';
import type { Layout } from '../state/layout.js';
import { CardWatcher } from '../watch/card-watcher.js';
import { reloadGraph, sameGraph } from './reload.js';

export interface CardsNow {
  graph: Graph;
  /** Every card file that does not validate now. */
  rejected: Rejection[];
}

/**
 * Cards added, edited or removed under tasks/ during a run: watched, re-read, and handed on when
 * anything changed. At the end of a run it looks once more, cheaply, for a card written just before
 * the end that the watcher has not reported yet.
 */
export class LiveCards {
  private watcher: CardWatcher | undefined;
  private touched = false;
  private readonly files: Set<string>;
  private rejectedKey = '';

  constructor(
    private readonly layout: Layout,
    private graph: Graph,
    private readonly only: string[] | undefined,
    private readonly changed: (now: CardsNow) => void,
  ) {
    this.files = new Set(listCardFiles(layout.tasks));
  }

  start(): void {
    this.watcher = new CardWatcher(this.layout.tasks, () => {
      this.touched = true;
      this.reload();
    });
    this.watcher.start();
  }

  /** Before the run ends: true if the cards changed (the run goes on). */
  checkAtEnd(): boolean {
    if (!this.touched && !this.filesChanged()) return false;
    this.touched = false;
    return this.reload();
  }

  close(): void {
    this.watcher?.close();
  }

  private filesChanged(): boolean {
    const now = listCardFiles(this.layout.tasks);
    return now.length !== this.files.size || now.some((f) => !this.files.has(f));
  }

  /** Re-read the cards; hand them on if anything changed. Returns whether it did. */
  private reload(): boolean {
    const next = reloadGraph(this.layout.root, this.only);
    const key = next.rejected.map((r) => `${r.file}\0${r.message}`).join('\n');
    if (sameGraph(this.graph, next.graph) && key === this.rejectedKey) return false;
    this.graph = next.graph;
    this.rejectedKey = key;
    this.files.clear();
    for (const f of listCardFiles(this.layout.tasks)) this.files.add(f);
    this.changed(next);
    return true;
  }
}
