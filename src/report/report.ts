import type { List, Root, RootContent } from 'mdast';
import { formatDuration } from '../util/duration.js';
import { changesBlocks } from './changes.js';
import { failureBlocks } from './failures.js';
import { formatCost, formatCount, formatTime, formatTokens, resultFile } from './format.js';
import { incidentBlocks } from './incidents.js';
import { heading, oneLine, paragraph, stringifyMarkdown, table, text } from './markdown.js';
import { renderFlowchart } from './mermaid-flowchart.js';
import { renderGantt } from './mermaid-gantt.js';
import { resultContent } from './result-content.js';
import { statusTable } from './status-table.js';
import { elapsedMs, formatSpeedUp, speedUp, statusCountsLine } from './summary.js';
import type { CardView, RunView } from './view.js';

export const AGENT_COLUMNS = ['Agent', 'Attempts', 'Time', 'Cost', 'Tokens in', 'Tokens out'];

function bullets(lines: string[]): List {
  return {
    type: 'list', ordered: false, spread: false,
    children: lines.map((line) => ({ type: 'listItem', spread: false, children: [paragraph(text(line))] })),
  };
}

function wallTime(view: RunView): string {
  const wall = elapsedMs(view);
  if (wall === undefined || view.startedAt === undefined) return 'not started';
  const end = view.endedAt === undefined ? `still running at ${formatTime(view.asOf)}` : formatTime(view.endedAt);
  return `${formatDuration(wall)} (${formatTime(view.startedAt)} → ${end})`;
}

function summaryBlocks(view: RunView): RootContent[] {
  const agents = view.agents.map((a) => [
    a.agent, String(a.attempts), formatDuration(a.timeMs), formatCost(a.costUsd), formatCount(a.tokens.input), formatCount(a.tokens.output),
  ]);
  return [
    heading(2, 'Summary'),
    paragraph(text(statusCountsLine(view.counts))),
    bullets([
      `Wall time: ${wallTime(view)}`,
      `Agent time: ${formatDuration(view.agentTimeMs)}`,
      `Parallel speed-up: ${formatSpeedUp(speedUp(view))}`,
      `Cost: ${formatCost(view.costUsd)}`,
      `Tokens: ${formatTokens(view.tokens)}`,
    ]),
    heading(3, 'Cards'),
    ...(view.cards.length ? [statusTable(view)] : [paragraph(text('No cards.'))]),
    heading(3, 'Agents'),
    ...(agents.length ? [table(AGENT_COLUMNS, agents, new Set(AGENT_COLUMNS.slice(1)))] : [paragraph(text('No agent ran.'))]),
  ];
}

/** What Mermaid draws by default (GitHub included): at most 50,000 characters and 500 edges. */
export const MERMAID_MAX_TEXT = 50_000;
export const MERMAID_MAX_EDGES = 500;

function diagram(value: string | undefined, none: string, what: string): RootContent {
  if (!value) return paragraph(text(none));
  const edges = value.match(/ --> /g)?.length ?? 0;
  if (value.length > MERMAID_MAX_TEXT || edges > MERMAID_MAX_EDGES) {
    return paragraph(text(`The ${what} is left out: ${formatCount(value.length)} characters and ${formatCount(edges)} edges are more than Mermaid draws (${formatCount(MERMAID_MAX_TEXT)} characters, ${MERMAID_MAX_EDGES} edges). The cards table above has every card.`));
  }
  return { type: 'code', lang: 'mermaid', value };
}

function diagramBlocks(view: RunView): RootContent[] {
  return [
    heading(2, 'Graph'),
    diagram(renderFlowchart(view), 'No cards.', 'graph'),
    heading(2, 'Timeline'),
    diagram(renderGantt(view), 'No attempt ran.', 'timeline'),
  ];
}

function cardSection(card: CardView, readResult: (id: string) => string | undefined): RootContent[] {
  const file = resultFile(card.id, card.result);
  return [heading(2, `${card.id} · ${oneLine(card.title)}`), ...resultContent(card.id, readResult(card.id), file, card.format)];
}

const byId = (a: CardView, b: CardView): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Final cards (by id) open the results, then the rest in view order; only done cards with `report`. */
function* resultBlocks(view: RunView, readResult: (id: string) => string | undefined): Generator<RootContent[]> {
  const shown = (c: CardView): boolean => c.status === 'done' && c.report;
  const finals = view.cards.filter((c) => c.final && shown(c)).sort(byId);
  const rest = view.cards.filter((c) => !c.final && shown(c));
  const unfinished = view.cards.filter((c) => c.final && c.report && c.status !== 'done').sort(byId);
  yield unfinished.map((c) => paragraph({ type: 'emphasis', children: [text(`The summary card ${c.id} did not finish (${c.status}): no executive summary.`)] }));
  for (const card of [...finals, ...rest]) yield cardSection(card, readResult);
}

/**
 * The content of `.orchestrator/report.md`: goal, summary, diagrams, changes (worktree cards), the
 * results (final cards first), failures, and the errors with what happened next. Pure: `readResult` is the only input
 * besides the view, and the same inputs give the same bytes.
 */
export function renderReport(view: RunView, readResult: (id: string) => string | undefined): string {
  const head: RootContent[] = [
    heading(1, 'Report'),
    ...(view.goal ? [paragraph({ type: 'strong', children: [text('Goal:')] }, text(` ${view.goal.trim()}`))] : []),
    ...(view.running ? [paragraph({ type: 'emphasis', children: [text(`In progress: the run as of ${formatTime(view.asOf)}.`)] })] : []),
  ];
  return stringifyInParts(function* () {
    yield [...head, ...summaryBlocks(view)];
    yield [...diagramBlocks(view), ...changesBlocks(view)];
    yield* resultBlocks(view, readResult);
    yield [heading(2, 'Failures'), ...failureBlocks(view), heading(2, 'Errors and recoveries'), ...incidentBlocks(view)];
  }());
}

/**
 * The report one part at a time, each a run of top-level blocks that begins with a heading or a
 * paragraph, which remark joins to what comes before by one blank line: the bytes are those of the
 * whole tree. A run of 10,000 cards never holds the syntax trees of every result at once.
 */
function stringifyInParts(parts: Iterable<RootContent[]>): string {
  const out: string[] = [];
  for (const children of parts) {
    if (!children.length) continue;
    out.push(stringifyMarkdown({ type: 'root', children } satisfies Root).replace(/\n$/, ''));
  }
  return out.length ? `${out.join('\n\n')}\n` : '';
}
