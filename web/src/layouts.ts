import type { Laid } from './layout.js';
import type { LayoutAnswer, LayoutRequest } from './layout-worker.js';
import { shapeKey, type Shape } from './shape.js';

export interface Layout {
  laid: Laid;
  /** How long dagre took in the worker. */
  ms: number;
}

interface Waiter {
  resolve: (layout: Layout) => void;
  reject: (error: Error) => void;
}

/**
 * Layouts by the layout worker (dist/web/layout.js), kept by shape: a snapshot with the same cards
 * and deps (a reconnect, a status change) is never laid out again.
 */
export class Layouts {
  private worker: Worker | undefined;
  private readonly done = new Map<string, Layout>();
  private readonly asked = new Map<string, Waiter[]>();

  constructor(private readonly url = '/layout.js', private readonly keep = 4) {}

  /** Start the worker now: its script loads and compiles while the page waits for its first snapshot. */
  warm(): void {
    this.start();
  }

  lay(cards: Shape[]): Promise<Layout> {
    const key = shapeKey(cards);
    const known = this.done.get(key);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const waiting = this.asked.get(key);
      if (waiting) return waiting.push({ resolve, reject });
      this.asked.set(key, [{ resolve, reject }]);
      const request: LayoutRequest = { key, cards: cards.map((c) => ({ id: c.id, deps: c.deps })) };
      this.start().postMessage(request);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.url, { type: 'module', name: 'orch-layout' });
    worker.onmessage = (e: MessageEvent<LayoutAnswer>) => {
      const answer = e.data;
      const waiting = this.asked.get(answer.key) ?? [];
      this.asked.delete(answer.key);
      if ('error' in answer) return waiting.forEach((w) => w.reject(new Error(answer.error)));
      const layout = { laid: answer.laid, ms: answer.ms };
      this.done.set(answer.key, layout);
      // a few shapes kept (cards edited back and forth), not every one ever seen
      while (this.done.size > this.keep) this.done.delete(this.done.keys().next().value!);
      waiting.forEach((w) => w.resolve(layout));
    };
    // the script did not load or died: every waiting layout fails, and the next one starts a new worker
    worker.onerror = (e) => {
      e.preventDefault();
      for (const waiting of this.asked.values()) waiting.forEach((w) => w.reject(new Error(`the layout worker failed: ${e.message || 'no message'}`)));
      this.asked.clear();
      worker.terminate();
      if (this.worker === worker) this.worker = undefined;
    };
    return (this.worker = worker);
  }
}
