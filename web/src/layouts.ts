import type { Laid } from './layout.js';
import type { LayoutAnswer, LayoutRequest } from './layout-worker.js';
import { shapeKey, type Shape } from './shape.js';

/**
 * Layouts by the layout worker (dist/web/layout.js), kept by shape: a snapshot with the same cards
 * and deps (a reconnect, a status change) is never laid out again.
 */
export class Layouts {
  private worker: Worker | undefined;
  private readonly done = new Map<string, { laid: Laid; ms: number }>();
  private readonly asked = new Map<string, Array<(answer: { laid: Laid; ms: number }) => void>>();

  constructor(private readonly url = '/layout.js', private readonly keep = 4) {}

  /** Start the worker now: its script loads and compiles while the page waits for its first snapshot. */
  warm(): void {
    this.start();
  }

  lay(cards: Shape[]): Promise<{ laid: Laid; ms: number }> {
    const key = shapeKey(cards);
    const known = this.done.get(key);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const waiting = this.asked.get(key);
      if (waiting) return waiting.push(resolve);
      this.asked.set(key, [resolve]);
      const request: LayoutRequest = { key, cards: cards.map((c) => ({ id: c.id, deps: c.deps })) };
      this.start().postMessage(request);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    this.worker = new Worker(this.url, { type: 'module', name: 'orch-layout' });
    this.worker.onmessage = (e: MessageEvent<LayoutAnswer>) => {
      const { key, laid, ms } = e.data;
      this.done.set(key, { laid, ms });
      // a few shapes kept (cards edited back and forth), not every one ever seen
      while (this.done.size > this.keep) this.done.delete(this.done.keys().next().value!);
      for (const resolve of this.asked.get(key) ?? []) resolve({ laid, ms });
      this.asked.delete(key);
    };
    return this.worker;
  }
}
