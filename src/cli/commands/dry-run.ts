import { hasErrors } from '../../errors.js';
import { planRun } from '../../graph/plan.js';
import { createInputHasher } from '../../inputs/hasher.js';
import { cardFlags } from '../../scheduler/card-flags.js';
import { effectiveCard, type EffectiveCard } from '../../project/effective-card.js';
import { loadProject } from '../../project/load.js';
import { predictNextRun } from '../../project/next-run.js';
import { restrictGraph } from '../../run/reload.js';
import { printDiagnostics, type Io } from '../io.js';

export interface DryRunFlags {
  concurrency?: number;
  only?: string[];
  force?: string[];
  forceAll?: boolean;
}

/** `orch run --dry-run` (make -n): the cards that would start, in order, each with why and what it runs; the rest counted as up to date. */
export function dryRun(io: Io, flags: DryRunFlags): number {
  const project = loadProject(io.cwd);
  printDiagnostics(io, project.diagnostics);
  if (hasErrors(project.diagnostics)) return 2;
  let graph = project.graph;
  if (flags.only?.length) {
    const restricted = restrictGraph(graph, flags.only);
    if (restricted.unknown.length) {
      io.err.write(`error --only: unknown card ${restricted.unknown.join(', ')} — name ids of existing cards\n`);
      return 2;
    }
    graph = restricted.graph;
  }
  const unknown = (flags.force ?? []).filter((id) => !graph.cards.has(id));
  if (unknown.length) {
    io.err.write(`error --force: unknown card ${unknown.join(', ')} — name ids of existing cards\n`);
    return 2;
  }
  const hasher = createInputHasher(project.layout.root);
  const verdicts = predictNextRun(project, graph, flags.forceAll ? 'all' : flags.force, hasher);
  hasher.save();
  const skip = new Set([...verdicts].filter(([, v]) => v.run === 'no').map(([id]) => id));
  const order = planRun(graph, flags.concurrency ?? project.config.concurrency, skip).startOrder;
  const lines: string[] = [];
  if (order.length) lines.push('would start, in this order:');
  order.forEach((id, i) => {
    const verdict = verdicts.get(id)!;
    const card = effectiveCard(graph.cards.get(id)!, project.config, project.layout.root);
    const gate = cardFlags(graph.cards.get(id)!).approve ? ' (then waits for `orch approve`)' : '';
    lines.push(`  ${i + 1}. ${id} · ${card.title} — ${verdict.run === 'no' ? 'up to date' : verdict.why}${gate}`);
    lines.push(`     ${runsLine(card)}`);
    lines.push(`     ${writesLine(card)}`);
  });
  const upToDate = graph.order.filter((id) => skip.has(id));
  if (upToDate.length) lines.push(`${upToDate.length} up to date: ${upToDate.join(', ')}`);
  if (!order.length) lines.push('nothing would start: every card is up to date');
  lines.push('(dry run: nothing was started; "may run" cards run only if a dep\'s result comes out different)');
  io.out.write(`${lines.join('\n')}\n`);
  return 0;
}

export function runsLine(card: EffectiveCard): string {
  const then = card.fallbacks.length ? ` (falls back to ${card.fallbacks.join(', ')})` : '';
  return `agent ${card.agent} (${card.adapter}${card.model ? `, model ${card.model}` : ''}): ${card.runs}${then}`;
}

export function writesLine(card: EffectiveCard): string {
  const parts = [`write: ${card.write}`];
  if (card.outputs.length) parts.push(`outputs: ${card.outputs.join(', ')}`);
  if (card.writes.length) parts.push(`writes: ${card.writes.join(', ')}`);
  if (card.workspace) parts.push(`workspace: ${card.workspace}`);
  return parts.join(' · ');
}
