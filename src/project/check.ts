import type { Card } from '../cards/card.js';
import type { AgentConfig, Config } from '../config/config.js';
import { diagnostic, warning, type Diagnostic } from '../errors.js';
import { buildGraph, type Graph } from '../graph/build.js';
import { nearest } from '../util/nearest.js';

export interface CheckedProject {
  graph: Graph;
  diagnostics: Diagnostic[];
}

export function agentOf(card: Card, config: Config): AgentConfig | undefined {
  return config.agents[card.agent ?? config.defaults.agent];
}

/**
 * Everything `orch validate` checks that needs cards and config together. Pure. `brokenIds` are
 * the ids of cards that could not be parsed: a dep on one is reported once, at that card.
 */
export function checkProject(cards: readonly Card[], config: Config, brokenIds: readonly string[] = []): CheckedProject {
  const diagnostics: Diagnostic[] = [];
  const valid: Card[] = [];
  const names = Object.keys(config.agents);
  if (!config.agents[config.defaults.agent]) {
    const guess = nearest(config.defaults.agent, names);
    diagnostics.push(diagnostic('AGENT_UNKNOWN', `defaults.agent: unknown agent "${config.defaults.agent}"`, {
      place: { file: config.file }, hint: guess ? `did you mean "${guess}"?` : `define it under agents:, or use one of ${names.join(', ')}`,
    }));
  }
  for (const card of cards) {
    const problems = cardProblems(card, config, names);
    // No agent at all (an unknown defaults.agent, reported once above): left out, not reported again.
    if (problems === 'no-agent') continue;
    diagnostics.push(...problems);
    if (!problems.length) valid.push(card);
  }
  const built = buildGraph(valid);
  const broken = new Set(brokenIds);
  const cascades = (d: Diagnostic) => d.code === 'GRAPH_UNKNOWN_DEP' && [...broken].some((id) => d.message === `unknown dep "${id}"`);
  diagnostics.push(...built.diagnostics.filter((d) => !cascades(d)));
  // Warnings about the graph's shape are only right when every card is in it.
  if (!broken.size && valid.length === cards.length && cards.length) diagnostics.push(...graphWarnings(built.graph));
  return { graph: built.graph, diagnostics };
}

function cardProblems(card: Card, config: Config, names: string[]): Diagnostic[] | 'no-agent' {
  const at = { file: card.file, line: card.lines.agent ?? 1, column: 1 };
  const problems: Diagnostic[] = [];
  for (const name of card.agents.length ? card.agents : [config.defaults.agent]) {
    if (config.agents[name] || !card.agents.length) continue;
    const guess = nearest(name, names);
    problems.push(diagnostic('AGENT_UNKNOWN', `unknown agent "${name}"`, {
      place: at, hint: guess ? `did you mean "${guess}"?` : `define it under agents: in orchestrator.yaml, or use one of ${names.join(', ')}`,
    }));
  }
  const agent = agentOf(card, config);
  if (!agent) return problems.length ? problems : 'no-agent';
  const runsCommands = (card.agents.length ? card.agents : [config.defaults.agent]).map((n) => config.agents[n]).filter((a) => a?.use === 'command');
  if (agent.use === 'command' && !card.command && !agent.command) {
    problems.push(diagnostic('CARD_FIELD', `agent "${agent.name}" runs a command, but the card has none`, {
      place: at, hint: 'add command: <what to run> to the card, or give the agent a command',
    }));
  }
  if (card.command !== undefined && !runsCommands.length) {
    problems.push(diagnostic('CARD_FIELD', `command: agent "${agent.name}" is a ${agent.use} agent and would ignore it`, {
      place: { file: card.file, line: card.lines.command ?? 1, column: 1 },
      hint: 'set agent: command to run it, or remove command: and say in the body what to do',
    }));
  }
  return problems;
}

function graphWarnings(graph: Graph): Diagnostic[] {
  const leaves = graph.order.filter((id) => !graph.dependents.get(id)?.length).map((id) => graph.cards.get(id)!);
  const finals = [...graph.cards.values()].filter((c) => c.final);
  const placeOf = (c: Card) => ({ file: c.file, line: c.lines.id ?? 1, column: 1 });
  if (finals.length) {
    return leaves
      .filter((c) => !c.final && c.report)
      .map((c) => warning('GRAPH_DANGLING', `nothing depends on "${c.id}" and it is not final`, {
        place: placeOf(c), hint: `add it to the deps of ${finals[0]!.id}, or set final: true`,
      }));
  }
  if (leaves.length > 1) {
    const shown = leaves.length > 4 ? `${leaves.slice(0, 3).map((c) => c.id).join(', ')} and ${leaves.length - 3} more` : leaves.map((c) => c.id).join(', ');
    return [warning('GRAPH_DANGLING', `${leaves.length} cards end the graph (${shown}) and none is final`, {
      place: placeOf(leaves[0]!), hint: 'add a card with final: true that depends on them and merges their results',
    })];
  }
  return [];
}
