import { describe, expect, it } from 'vitest';
import type { Card } from '../cards/card.js';
import { parseCard } from '../cards/parse.js';
import { formatDiagnostic } from '../errors.js';
import { buildGraph } from './build.js';
import { planRun } from './plan.js';

export function card(id: string, deps: string[] = [], extra = ''): Card {
  const text = `---\nid: ${id}\ndeps: [${deps.join(', ')}]\n${extra}---\nDo ${id}.\n`;
  const parsed = parseCard(text, `.orchestrator/tasks/${id}.md`);
  if (!parsed.card) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
  return parsed.card;
}

describe('buildGraph', () => {
  it('orders cards topologically, ties by id', () => {
    const { graph, diagnostics } = buildGraph([card('c', ['a']), card('b'), card('a'), card('d', ['b', 'c'])]);
    expect(diagnostics).toEqual([]);
    expect(graph.order).toEqual(['a', 'b', 'c', 'd']);
    expect(graph.dependents.get('a')).toEqual(['c']);
  });

  it('rejects a cycle and names every card on it', () => {
    const { graph, diagnostics } = buildGraph([card('T-02', ['T-04']), card('T-04', ['T-02']), card('T-01')]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      '.orchestrator/tasks/T-02.md:3:1: error dependency cycle T-02 -> T-04 -> T-02 — remove one of these deps',
    ]);
    expect([...graph.cards.keys()]).toEqual(['T-01']);
  });

  it('names an unknown dep and the id meant', () => {
    const { diagnostics } = buildGraph([card('T-09'), card('T-03', ['T-9'])]);
    expect(diagnostics.map(formatDiagnostic)).toEqual(['.orchestrator/tasks/T-03.md:3:1: error unknown dep "T-9" — did you mean "T-09"?']);
  });

  it('reports a duplicate id with both files', () => {
    const a = card('X');
    const b = { ...card('X'), file: '.orchestrator/tasks/X-copy.md' };
    const { diagnostics } = buildGraph([a, b]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      '.orchestrator/tasks/X.md:2:1: error duplicate id "X" (also in .orchestrator/tasks/X-copy.md) — give each card its own id',
    ]);
  });

  it('leaves out the dependents of a card with a problem', () => {
    const { graph } = buildGraph([card('a', ['missing']), card('b', ['a']), card('c')]);
    expect(graph.order).toEqual(['c']);
  });
});

describe('planRun', () => {
  it('finds levels, the critical path and the makespan in cards without estimates', () => {
    const { graph } = buildGraph([card('a'), card('b', ['a']), card('c', ['b']), card('d'), card('e', ['d', 'c'])]);
    const plan = planRun(graph, 2);
    expect(plan.levels).toEqual([['a', 'd'], ['b'], ['c'], ['e']]);
    expect(plan.criticalPath).toEqual(['a', 'b', 'c', 'e']);
    expect(plan.criticalLength).toBe(4);
    expect(plan.makespan).toBe(4);
    expect(plan.unit).toBe('cards');
  });

  it('starts the longest remaining path first', () => {
    const { graph } = buildGraph([
      card('short', [], 'estimate: 1s\n'), card('long', [], 'estimate: 10s\n'), card('after', ['long'], 'estimate: 10s\n'),
    ]);
    const plan = planRun(graph, 1);
    expect(plan.startOrder).toEqual(['long', 'after', 'short']);
    expect(plan.makespan).toBe(21_000);
    expect(plan.criticalLength).toBe(20_000);
  });
});
