import dagre from '@dagrejs/dagre';
import type { Shape } from './shape.js';

export const NODE_W = 190;
export const NODE_H = 58;

export interface LaidEdge {
  from: string;
  to: string;
  /** The SVG path, made once by the layout: nothing is computed per edge when the page draws. */
  d: string;
}

export interface Laid {
  width: number;
  height: number;
  nodes: Map<string, { x: number; y: number }>;
  edges: LaidEdge[];
}

/** Above this many cards, dagre's cheaper ranker and ordering: network simplex grows too slow. */
export const LARGE = 200;

const pathOf = (pts: Array<{ x: number; y: number }>) => pts.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');

/** The DAG left to right, by dagre (nodes' top-left corners; edges as SVG paths). */
export function layoutDag(cards: Shape[]): Laid {
  const g = new dagre.graphlib.Graph();
  const large = cards.length > LARGE;
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 48, marginx: 16, marginy: 16, ranker: large ? 'longest-path' : 'network-simplex' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const c of cards) g.setNode(c.id, { width: NODE_W, height: NODE_H });
  for (const c of cards) for (const d of c.deps) if (g.hasNode(d)) g.setEdge(d, c.id);
  dagre.layout(g, { disableOptimalOrderHeuristic: large });
  const nodes = new Map<string, { x: number; y: number }>();
  for (const id of g.nodes()) {
    const n = g.node(id) as { x: number; y: number };
    nodes.set(id, { x: n.x - NODE_W / 2, y: n.y - NODE_H / 2 });
  }
  const edges = g.edges().map((e) => ({ from: e.v, to: e.w, d: pathOf((g.edge(e) as { points?: Array<{ x: number; y: number }> }).points ?? []) }));
  const label = g.graph() as { width?: number; height?: number };
  return { width: label.width ?? 0, height: label.height ?? 0, nodes, edges };
}
