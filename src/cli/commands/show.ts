import fs from 'node:fs';
import { createInputHasher } from '../../inputs/hasher.js';
import { effectiveCard } from '../../project/effective-card.js';
import { loadProject } from '../../project/load.js';
import { predictNextRun } from '../../project/next-run.js';
import { buildPrompt, type DepResult } from '../../run/prompt.js';
import { rel, resultPath } from '../../state/layout.js';
import { formatDuration } from '../../util/duration.js';
import { nearest } from '../../util/nearest.js';
import { printDiagnostics, type Io } from '../io.js';
import { runsLine, writesLine } from './dry-run.js';

/** `orch show <id>`: a card's effective settings and the exact prompt its next attempt would get. */
export function showCommand(io: Io, id: string, options: { json?: boolean }): number {
  const project = loadProject(io.cwd);
  const { layout, graph } = project;
  const card = graph.cards.get(id);
  if (!card) {
    printDiagnostics(io, project.diagnostics.filter((d) => d.severity === 'error'));
    const guess = nearest(id, graph.cards.keys(), 2);
    io.err.write(`error unknown card "${id}" — ${guess ? `did you mean "${guess}"?` : 'see `orch status` for the ids'}\n`);
    return 2;
  }
  const effective = effectiveCard(card, project.config, layout.root);
  const hasher = createInputHasher(layout.root);
  const inputs = hasher.counts(card);
  const verdict = predictNextRun(project, graph, undefined, hasher).get(id)!;
  const deps: DepResult[] = [];
  const missing: string[] = [];
  for (const dep of new Set(card.deps)) {
    const file = resultPath(layout, dep);
    try {
      deps.push({ id: dep, title: graph.cards.get(dep)?.title ?? dep, path: rel(layout, file), text: fs.readFileSync(file, 'utf8') });
    } catch {
      missing.push(dep);
    }
  }
  const prompt = buildPrompt(card, deps);
  const nextRun = verdict.run === 'no' ? 'up to date' : verdict.why;
  if (options.json) {
    io.out.write(`${JSON.stringify({ ...effective, inputs, depsWithoutResult: missing, nextRun, prompt }, null, 2)}\n`);
    return 0;
  }
  const none = (list: string[]) => (list.length ? list.join(', ') : '—');
  const lines = [
    `${card.id} · ${card.title} (${card.file})`,
    `  runs      ${runsLine(effective)}`,
    `  limits    timeout ${formatDuration(effective.timeoutMs)} · stall ${formatDuration(effective.stallMs)} · retries ${effective.retries}`,
    `  allowed   ${writesLine(effective)}`,
    `  deps      ${card.deps.length ? [...new Set(card.deps)].map((d) => `${d}${missing.includes(d) ? ' (no result yet)' : ''}`).join(', ') : '—'}`,
    `  inputs    ${inputs.length ? inputs.map((i) => `${i.pattern} (${i.outside ? 'outside the project: not tracked' : `${i.files} file${i.files === 1 ? '' : 's'}`})`).join(', ') : '— (depends only on the card, its agent and its deps)'}`,
    `  outputs   ${none(effective.outputs)}`,
    `  verify    ${effective.verify ?? '—'}`,
    `  next run  ${nextRun}`,
    '',
    missing.length
      ? `The prompt its next attempt would get (without the results of ${missing.join(', ')}, which have none yet; they are added once done):`
      : 'The prompt its next attempt would get:',
    '',
  ];
  io.out.write(`${lines.join('\n')}\n${prompt}`);
  return 0;
}
