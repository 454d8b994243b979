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

/** Everything `orch validate` checks that needs cards and config together. Pure. */
export function checkProject(cards: readonly Card[], config: Config): CheckedProject {
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
    const name = card.agent ?? config.defaults.agent;
    const agent = config.agents[name];
    if (!agent) {
      if (card.agent) {
        const guess = nearest(name, names);
        diagnostics.push(diagnostic('AGENT_UNKNOWN', `unknown agent "${name}"`, {
          place: { file: card.file, line: card.lines.agent ?? 1, column: 1 },
          hint: guess ? `did you mean "${guess}"?` : `define it under agents: in orchestrator.yaml, or use one of ${names.join(', ')}`,
        }));
      }
      continue;
    }
    if (agent.use === 'command' && !card.command && !agent.command) {
      diagnostics.push(diagnostic('CARD_FIELD', `agent "${name}" runs a command, but the card has none`, {
        place: { file: card.file, line: card.lines.agent ?? 1, column: 1 }, hint: 'add command: <what to run> to the card, or give the agent a command',
      }));
      continue;
    }
    valid.push(card);
  }
  const built = buildGraph(valid);
  diagnostics.push(...built.diagnostics, ...graphWarnings(built.graph));
  return { graph: built.graph, diagnostics };
}

function graphWarnings(graph: Graph): Diagnostic[] {
  const leaves = graph.order.filter((id) => !graph.dependents.get(id)?.length);
  const finals = [...graph.cards.values()].filter((c) => c.final);
  if (finals.length) {
    return leaves
      .map((id) => graph.cards.get(id)!)
      .filter((c) => !c.final && c.report)
      .map((c) => warning('GRAPH_DANGLING', `nothing depends on "${c.id}" and it is not final`, {
        place: { file: c.file, line: 1, column: 1 }, hint: `add it to the deps of ${finals[0]!.id}, or set final: true`,
      }));
  }
  if (leaves.length > 1) {
    return [warning('GRAPH_DANGLING', `${leaves.length} cards end the graph and none is final`, {
      hint: 'add a card with final: true that depends on them and merges their results',
    })];
  }
  return [];
}
