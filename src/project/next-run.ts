import fs from 'node:fs';
import type { Graph } from '../graph/build.js';
import { createInputHasher, type InputHasher } from '../inputs/hasher.js';
import { agentListOf } from '../scheduler/card-flags.js';
import { fingerprintParts } from '../scheduler/fingerprint.js';
import { predictRun, type CardFacts } from '../scheduler/predict.js';
import type { Verdict } from '../scheduler/why.js';
import { readEvents } from '../state/event-log.js';
import type { LogEvent } from '../state/events.js';
import { foldHistory } from '../state/history.js';
import type { Project } from './load.js';

/** The last state the log records for each card: a status, or `reset`. */
export function lastStates(events: readonly LogEvent[]): Map<string, CardFacts['last']> {
  const last = new Map<string, CardFacts['last']>();
  for (const e of events) {
    if (e.type === 'card') last.set(e.card, e.to);
    else if (e.type === 'card-reset') last.set(e.card, 'reset');
  }
  return last;
}

/** What the next `orch run` would do with each card of `graph`, and why: the scheduler's decisions, simulated on the files as they are. */
export function predictNextRun(project: Project, graph: Graph, force?: readonly string[] | 'all', hasher: InputHasher = createInputHasher(project.layout.root)): Map<string, Verdict> {
  const { layout, config } = project;
  const events = readEvents(layout.events);
  const { previous } = foldHistory(events);
  const last = lastStates(events);
  let results = new Set<string>();
  try {
    results = new Set(fs.readdirSync(layout.results).filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3)));
  } catch {
    // no results/ yet
  }
  const forced = (id: string) => force === 'all' || (force?.includes(id) ?? false);
  const facts = (id: string): CardFacts => {
    const f: CardFacts = { last: last.get(id) ?? 'never', resultExists: results.has(id), forced: forced(id) };
    const record = previous.get(id);
    if (record) f.previous = record;
    return f;
  };
  return predictRun(graph, facts, (card, dep) => {
    // as the scheduler does: every agent of the card's fallback list counts
    const agents = agentListOf(card, config.defaults.agent).map((name) => config.agents[name]?.hash ?? '');
    return fingerprintParts(card, agents.join(','), dep, (c) => hasher.digest(c));
  });
}
