import { hasErrors } from '../../errors.js';
import { planRun, type Plan } from '../../graph/plan.js';
import { loadProject } from '../../project/load.js';
import { formatDuration } from '../../util/duration.js';
import { printDiagnostics, type Io } from '../io.js';

export function validateCommand(io: Io, options: { concurrency?: number; strict?: boolean }): number {
  const project = loadProject(io.cwd);
  printDiagnostics(io, project.diagnostics);
  const errors = project.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = project.diagnostics.length - errors;
  if (hasErrors(project.diagnostics)) {
    io.err.write(`${errors} error(s), ${warnings} warning(s): fix the errors above, then run \`orch validate\` again\n`);
    return 2;
  }
  const concurrency = options.concurrency ?? project.config.concurrency;
  const plan = planRun(project.graph, concurrency);
  io.out.write(formatPlan(plan, project.graph.cards.size, concurrency));
  if (options.strict && warnings) {
    io.err.write(`${warnings} warning(s) and --strict: fix the warnings above, then run \`orch validate --strict\` again\n`);
    return 1;
  }
  io.out.write(`valid: ${project.graph.cards.size} card(s), ${warnings} warning(s)\n`);
  return 0;
}

export function formatPlan(plan: Plan, cards: number, concurrency: number): string {
  const amount = (n: number) => (plan.unit === 'ms' ? formatDuration(n) : `${n} card${n === 1 ? '' : 's'}`);
  const lines = [`plan: ${cards} card(s) in ${plan.levels.length} level(s)`];
  plan.levels.forEach((level, i) => lines.push(`  level ${i + 1}: ${shorten(level)}`));
  if (plan.criticalPath.length) lines.push(`critical path: ${shorten(plan.criticalPath, ' -> ')} (${amount(plan.criticalLength)})`);
  lines.push(`estimated makespan at concurrency ${concurrency}: ${amount(plan.makespan)}${plan.unit === 'cards' ? ' (no estimates: each card counts as one unit)' : ''}`);
  return `${lines.join('\n')}\n`;
}

function shorten(ids: string[], sep = ', '): string {
  return ids.length > 12 ? `${ids.slice(0, 10).join(sep)}${sep}… (${ids.length} in all)` : ids.join(sep);
}
