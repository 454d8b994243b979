import { Heap } from '../util/heap.js';

/**
 * Pending cards, one heap per agent, best first. Taking the next card looks only at the top of
 * each open agent's heap, so an agent at its limit costs nothing however many cards wait on it.
 * Entries go stale when a card leaves `pending` another way; they are dropped when met.
 */
export class ReadyQueue {
  private heaps = new Map<string, Heap<string>>();

  constructor(private before: (a: string, b: string) => boolean) {}

  push(agent: string, id: string): void {
    let heap = this.heaps.get(agent);
    if (!heap) this.heaps.set(agent, (heap = new Heap<string>(this.before)));
    heap.push(id);
  }

  /** Whether cards wait on `agent`. */
  has(agent: string): boolean {
    return (this.heaps.get(agent)?.size ?? 0) > 0;
  }

  /**
   * Remove and return the best card among the agents `open` allows. `current` tells a live entry
   * from a stale one; a card that `collides` with what runs is passed over, not dropped.
   */
  take(open: (agent: string) => boolean, current: (id: string, agent: string) => boolean, collides: (id: string) => boolean): string | undefined {
    let best: { id: string; heap: Heap<string> } | undefined;
    const passed: Array<[Heap<string>, string]> = [];
    for (const [agent, heap] of this.heaps) {
      if (!open(agent)) continue;
      while (heap.size) {
        const id = heap.peek()!;
        if (!current(id, agent)) heap.pop();
        else if (collides(id)) passed.push([heap, heap.pop()!]);
        else {
          if (!best || this.before(id, best.id)) best = { id, heap };
          break;
        }
      }
    }
    for (const [heap, id] of passed) heap.push(id);
    best?.heap.pop();
    return best?.id;
  }

  /** A new order (the graph changed): every heap is rebuilt. */
  reorder(before: (a: string, b: string) => boolean): void {
    this.before = before;
    for (const [agent, heap] of this.heaps) {
      const fresh = new Heap<string>(before);
      for (const id of heap.toArray()) fresh.push(id);
      this.heaps.set(agent, fresh);
    }
  }
}
