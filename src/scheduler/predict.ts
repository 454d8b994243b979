import type { Card } from '../cards/card.js';
import type { Graph } from '../graph/build.js';
import type { FingerprintParts } from './fingerprint.js';
import { whyRun, type Verdict, type WhyInput } from './why.js';

export type CardFacts = Omit<WhyInput, 'current' | 'unknownDeps'>;

/**
 * What the scheduler would decide for each card at the start of a run, without running anything:
 * cards in topological order; a dep that is up to date keeps its recorded result, one that runs
 * has a result nobody knows yet, so its dependents `maybe` run. Pure.
 */
export function predictRun(
  graph: Graph,
  facts: (id: string) => CardFacts,
  partsOf: (card: Card, depResult: (id: string) => string | undefined) => FingerprintParts,
): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  const known = new Map<string, string>();
  for (const id of graph.order) {
    const card = graph.cards.get(id)!;
    const f = facts(id);
    const unknownDeps = [...new Set(card.deps)].filter((d) => !known.has(d));
    const verdict = whyRun({ ...f, current: partsOf(card, (d) => known.get(d)), unknownDeps });
    verdicts.set(id, verdict);
    if (verdict.run === 'no' && f.previous) known.set(id, f.previous.resultHash);
  }
  return verdicts;
}
