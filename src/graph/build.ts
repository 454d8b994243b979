import type { Card } from '../cards/card.js';
import { diagnostic, type Diagnostic } from '../errors.js';
import { nearest } from '../util/nearest.js';
import { closure } from './closure.js';

/** The DAG of valid cards. `order` is topological, ties broken by id. */
export interface Graph {
  cards: Map<string, Card>;
  order: string[];
  dependents: Map<string, string[]>;
}

export interface BuiltGraph {
  graph: Graph;
  diagnostics: Diagnostic[];
}

/**
 * Check ids, deps and cycles, and build the graph of what can run. A card with a problem is
 * left out with one diagnostic, and so is every card that depends on it.
 */
export function buildGraph(cards: readonly Card[]): BuiltGraph {
  const diagnostics: Diagnostic[] = [];
  const byId = new Map<string, Card>();
  const sorted = [...cards].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const card of sorted) {
    const first = byId.get(card.id);
    if (first) {
      diagnostics.push(diagnostic('CARD_DUPLICATE_ID', `duplicate id "${card.id}" (also in ${first.file})`, {
        place: { file: card.file, line: card.lines.id ?? 1, column: 1 }, hint: 'give each card its own id',
      }));
      continue;
    }
    byId.set(card.id, card);
  }

  const excluded = new Set<string>();
  for (const card of byId.values()) {
    for (const dep of card.deps) {
      if (byId.has(dep)) continue;
      const guess = nearest(dep, byId.keys(), 2);
      diagnostics.push(diagnostic('GRAPH_UNKNOWN_DEP', `unknown dep "${dep}"`, {
        place: { file: card.file, line: card.lines.deps ?? 1, column: 1 },
        hint: guess ? `did you mean "${guess}"?` : 'name the id of an existing card, or add that card',
      }));
      excluded.add(card.id);
    }
    if (card.deps.includes(card.id)) excluded.add(card.id);
  }

  for (const cycle of findCycles(byId)) {
    const first = byId.get(cycle[0]!)!;
    diagnostics.push(diagnostic('GRAPH_CYCLE', `dependency cycle ${[...cycle, cycle[0]].join(' -> ')}`, {
      place: { file: first.file, line: first.lines.deps ?? 1, column: 1 }, hint: 'remove one of these deps',
    }));
    for (const id of cycle) excluded.add(id);
  }

  return { graph: graphOf(byId, excluded), diagnostics };
}

/** Drop excluded cards and, transitively, their dependents; order the rest (Kahn, ties by id). */
function graphOf(byId: Map<string, Card>, excluded: Set<string>): Graph {
  const dependents = new Map<string, string[]>();
  for (const id of byId.keys()) dependents.set(id, []);
  for (const card of byId.values()) for (const dep of new Set(card.deps)) dependents.get(dep)?.push(card.id);

  const dropped = closure(excluded, (id) => dependents.get(id));

  const cards = new Map<string, Card>();
  for (const [id, card] of byId) if (!dropped.has(id)) cards.set(id, card);
  const indegree = new Map<string, number>();
  for (const card of cards.values()) indegree.set(card.id, new Set(card.deps).size);
  const ready = [...cards.keys()].filter((id) => indegree.get(id) === 0).sort().reverse();
  const order: string[] = [];
  const live = new Map<string, string[]>();
  while (ready.length) {
    const id = ready.pop()!;
    order.push(id);
    const next: string[] = [];
    for (const d of dependents.get(id) ?? []) {
      if (!cards.has(d)) continue;
      const left = indegree.get(d)! - 1;
      indegree.set(d, left);
      if (left === 0) next.push(d);
    }
    if (next.length) {
      ready.push(...next);
      ready.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    }
  }
  for (const id of cards.keys()) live.set(id, (dependents.get(id) ?? []).filter((d) => cards.has(d)).sort());
  return { cards, order, dependents: live };
}

/** Each elementary cycle found by depth-first search, reported once, starting from its smallest id. */
function findCycles(byId: Map<string, Card>): string[][] {
  const state = new Map<string, 'open' | 'closed'>();
  const path: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (root: string) => {
    const frames: Array<{ id: string; deps: string[]; i: number }> = [];
    const enter = (id: string) => {
      state.set(id, 'open');
      path.push(id);
      frames.push({ id, deps: [...new Set(byId.get(id)?.deps ?? [])].filter((d) => byId.has(d)).sort(), i: 0 });
    };
    enter(root);
    while (frames.length) {
      const frame = frames[frames.length - 1]!;
      if (frame.i >= frame.deps.length) {
        state.set(frame.id, 'closed');
        path.pop();
        frames.pop();
        continue;
      }
      const dep = frame.deps[frame.i++]!;
      const s = state.get(dep);
      if (s === 'open') {
        const cycle = path.slice(path.indexOf(dep));
        const start = cycle.indexOf([...cycle].sort()[0]!);
        const normal = [...cycle.slice(start), ...cycle.slice(0, start)];
        const key = normal.join('\0');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(normal);
        }
      } else if (s === undefined) enter(dep);
    }
  };
  for (const id of [...byId.keys()].sort()) if (!state.has(id)) visit(id);
  return cycles;
}
