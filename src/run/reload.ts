import type { Graph } from '../graph/build.js';
import { buildGraph } from '../graph/build.js';
import { closure } from '../graph/closure.js';
import { loadProject } from '../project/load.js';

export interface Rejected {
  card?: string;
  file: string;
  message: string;
}

/** Re-read every card during a run: the valid ones make the new graph, each error is a rejection. */
export function reloadGraph(root: string, only?: string[]): { graph: Graph; rejected: Rejected[] } {
  const project = loadProject(root);
  const rejected = project.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ file: d.place?.file ?? '', message: `${d.place?.line ? `line ${d.place.line}: ` : ''}${d.message}${d.hint ? ` — ${d.hint}` : ''}` }));
  const graph = only?.length ? restrictGraph(project.graph, only).graph : project.graph;
  return { graph, rejected };
}

/** The cards named and everything they need. */
export function restrictGraph(graph: Graph, only: readonly string[]): { graph: Graph; unknown: string[] } {
  const unknown = only.filter((id) => !graph.cards.has(id));
  const keep = closure(only.filter((id) => graph.cards.has(id)), (id) => graph.cards.get(id)?.deps);
  return { graph: buildGraph([...graph.cards.values()].filter((c) => keep.has(c.id))).graph, unknown };
}

/** Same cards, same content. */
export function sameGraph(a: Graph, b: Graph): boolean {
  if (a.cards.size !== b.cards.size) return false;
  for (const [id, card] of a.cards) if (b.cards.get(id)?.hash !== card.hash) return false;
  return true;
}
