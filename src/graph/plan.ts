import type { Card } from '../cards/card.js';
import { Heap } from '../util/heap.js';
import type { Graph } from './build.js';

/** What `orch validate` and `orch run --dry-run` show: levels, critical path, estimated makespan. */
export interface Plan {
  levels: string[][];
  criticalPath: string[];
  /** In ms when cards have estimates, else in cards. */
  criticalLength: number;
  makespan: number;
  unit: 'ms' | 'cards';
  /** Start order of a simulated run at the given concurrency. */
  startOrder: string[];
  /** Longest remaining path from each card (itself included): the scheduling priority. */
  rank: Map<string, number>;
}

/** Without `estimate`, each card weighs one unit; mixed, missing ones weigh the median estimate. */
export function cardWeights(cards: Iterable<Card>): { weight: (card: Card) => number; unit: 'ms' | 'cards' } {
  const estimates = [...cards].flatMap((c) => (c.estimateMs === undefined ? [] : [c.estimateMs])).sort((a, b) => a - b);
  if (!estimates.length) return { weight: () => 1, unit: 'cards' };
  const median = estimates[estimates.length >> 1]!;
  return { weight: (card) => card.estimateMs ?? median, unit: 'ms' };
}

/** Longest path from each card to the end of the graph, the card's own weight included. */
export function rankCards(graph: Graph, weight: (card: Card) => number): Map<string, number> {
  const rank = new Map<string, number>();
  for (let i = graph.order.length - 1; i >= 0; i--) {
    const id = graph.order[i]!;
    let longest = 0;
    for (const d of graph.dependents.get(id) ?? []) longest = Math.max(longest, rank.get(d) ?? 0);
    rank.set(id, weight(graph.cards.get(id)!) + longest);
  }
  return rank;
}

/** The order ready cards start in: longest remaining path, then priority, then id. */
export function readyOrder(rank: Map<string, number>, cards: Map<string, Card>) {
  return (a: string, b: string): boolean => {
    const ra = rank.get(a) ?? 0;
    const rb = rank.get(b) ?? 0;
    if (ra !== rb) return ra > rb;
    const pa = cards.get(a)?.priority ?? 0;
    const pb = cards.get(b)?.priority ?? 0;
    if (pa !== pb) return pa < pb;
    return a < b;
  };
}

/** `skip`: cards that will not run (up to date): done at once, not in `startOrder`. */
export function planRun(graph: Graph, concurrency: number, skip: ReadonlySet<string> = new Set()): Plan {
  const { weight, unit } = cardWeights(graph.cards.values());
  const rank = rankCards(graph, weight);

  const depth = new Map<string, number>();
  const levels: string[][] = [];
  for (const id of graph.order) {
    const card = graph.cards.get(id)!;
    const level = card.deps.reduce((max, dep) => Math.max(max, (depth.get(dep) ?? -1) + 1), 0);
    depth.set(id, level);
    (levels[level] ??= []).push(id);
  }
  for (const level of levels) level.sort();

  const criticalPath: string[] = [];
  let next = graph.order.filter((id) => graph.cards.get(id)!.deps.length === 0);
  while (next.length) {
    const best = next.reduce((a, b) => ((rank.get(b) ?? 0) > (rank.get(a) ?? 0) || ((rank.get(b) ?? 0) === (rank.get(a) ?? 0) && b < a) ? b : a));
    criticalPath.push(best);
    next = graph.dependents.get(best) ?? [];
  }
  const criticalLength = criticalPath.length ? rank.get(criticalPath[0]!) ?? 0 : 0;
  const { makespan, startOrder } = simulate(graph, concurrency, weight, rank, skip);
  return { levels, criticalPath, criticalLength, makespan, unit, startOrder, rank };
}

/** List scheduling as the runner does it, with estimated durations. */
function simulate(graph: Graph, concurrency: number, weight: (c: Card) => number, rank: Map<string, number>, skip: ReadonlySet<string>) {
  const ready = new Heap<string>(readyOrder(rank, graph.cards));
  const running = new Heap<{ id: string; end: number }>((a, b) => a.end < b.end || (a.end === b.end && a.id < b.id));
  const waitingOn = new Map<string, number>();
  const release = (id: string): void => {
    for (const d of graph.dependents.get(id) ?? []) {
      const left = waitingOn.get(d)! - 1;
      waitingOn.set(d, left);
      if (left === 0) enqueue(d);
    }
  };
  const enqueue = (id: string): void => (skip.has(id) ? release(id) : ready.push(id));
  for (const [id, card] of graph.cards) waitingOn.set(id, new Set(card.deps).size);
  for (const [id, card] of graph.cards) if (!card.deps.length) enqueue(id);
  const startOrder: string[] = [];
  let now = 0;
  while (ready.size || running.size) {
    while (ready.size && running.size < concurrency) {
      const id = ready.pop()!;
      startOrder.push(id);
      running.push({ id, end: now + weight(graph.cards.get(id)!) });
    }
    const finished = running.pop();
    if (!finished) break;
    now = finished.end;
    release(finished.id);
  }
  return { makespan: now, startOrder };
}
