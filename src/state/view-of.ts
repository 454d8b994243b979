import type { Config } from '../config/config.js';
import type { Graph } from '../graph/build.js';
import type { Card } from '../cards/card.js';
import type { AgentTotals, AttemptView, CardChanges, CardView, Incident, ResultFormat, RunView } from '../report/view.js';
import { STATUSES, type CardStatus, type Tokens } from '../scheduler/status.js';
import { formatDuration } from '../util/duration.js';
import { cardViewOf, foldCardChange, foldPlace, type FoldedCard } from './card-view.js';
import type { CardMerged, LogEvent, MergeFailed } from './events.js';

export interface ViewOptions {
  /** Path of a file relative to the project root, e.g. `.orchestrator/results/T-01.md`. */
  relPath: (kind: 'result' | 'log', id: string, attempt?: number) => string;
  /** Whether a runner holds the folder now. */
  running: boolean;
  /** The clock, used only while running. */
  now?: number;
}

interface CardFold extends FoldedCard {
  /** Cost and tokens by the agent of each attempt (a fallback list can use several). */
  byAgent: Map<string, { costUsd: number; tokens: Tokens }>;
}

const freshFold = (): CardFold => ({ status: 'waiting', attempts: [], costUsd: 0, tokens: { input: 0, output: 0 }, byAgent: new Map() });

/** A `merged` or `merge-failed` record as the card's changes; a failed merge keeps the diffstat it had. */
export function changesOf(e: CardMerged | MergeFailed, before: CardChanges | undefined): CardChanges {
  if (e.type === 'merged') {
    const merge = e.files === 0 && e.added === 0 && e.removed === 0 ? 'nothing' : 'merged';
    return { files: e.files, added: e.added, removed: e.removed, commit: e.commit, branch: e.branch, merge };
  }
  const out: CardChanges = { files: before?.files ?? e.files?.length ?? 0, added: before?.added ?? 0, removed: before?.removed ?? 0 };
  if (before?.branch) out.branch = before.branch;
  out.merge = e.kind === 'conflict' ? 'conflict' : 'verify_failed';
  if (e.files?.length) out.conflicts = [...e.files];
  if (e.message) out.message = e.message;
  return out;
}


/** The status table's and the report's view of the cards and the event log. Pure. */
export function viewOf(events: readonly LogEvent[], graph: Graph, config: Config, options: ViewOptions): RunView {
  const folds = new Map<string, CardFold>();
  const fold = (id: string): CardFold => {
    let f = folds.get(id);
    if (!f) folds.set(id, (f = freshFold()));
    return f;
  };
  const campaignStart = campaignStartIndex(events);
  const incidents: Incident[] = [];
  let startedAt: number | undefined;
  let endedAt: number | undefined;
  let lastT = 0;

  events.forEach((e, index) => {
    lastT = Math.max(lastT, e.t);
    if (e.type === 'run-started') [startedAt, endedAt] = [e.t, undefined];
    else if (e.type === 'run-ended') endedAt = e.t;
    else if (e.type === 'card-reset') folds.set(e.card, freshFold());
    else if (e.type === 'merged' || e.type === 'merge-failed') fold(e.card).changes = changesOf(e, fold(e.card).changes);
    else if (e.type === 'spawned' || e.type === 'worktree-created' || e.type === 'worktree-removed') foldPlace(fold(e.card), e);
    else if (e.type === 'agent-throttled' && e.card && index >= campaignStart) {
      const last = incidents[incidents.length - 1];
      if (last && last.card === e.card) last.next += e.until ? `; agent ${e.agent} paused until ${new Date(e.until).toISOString()}` : `; agent ${e.agent} slowed to ${e.limit}`;
    } else if (e.type === 'card') {
      const f = fold(e.card);
      if (e.to === 'running' && e.attempt === 1) f.byAgent = new Map();
      const agent = foldCardChange(f, e, options.relPath);
      if (agent !== undefined) {
        const spent = f.byAgent.get(agent) ?? { costUsd: 0, tokens: { input: 0, output: 0 } };
        spent.costUsd += e.costUsd ?? 0;
        spent.tokens = { input: spent.tokens.input + (e.tokens?.input ?? 0), output: spent.tokens.output + (e.tokens?.output ?? 0) };
        f.byAgent.set(agent, spent);
        if (e.to !== 'done' && e.errorKind && index >= campaignStart) {
          const next = e.to === 'retrying' ? `retried in ${formatDuration(Math.max(0, (e.retryAt ?? e.t) - e.t))}` : e.to === 'failed' ? 'gave up' : 'interrupted';
          incidents.push({ t: e.t, card: e.card, agent: e.agent ?? '', attempt: e.attempt ?? 1, kind: e.errorKind, message: e.message ?? '', next });
        }
      }
    }
  });

  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<CardStatus, number>;
  const cards: CardView[] = [];
  const attempts: AttemptView[] = [];
  const agents = new Map<string, AgentTotals>();
  let costUsd = 0;
  let agentTimeMs = 0;
  const tokens: Tokens = { input: 0, output: 0 };
  for (const id of graph.order) {
    const card = graph.cards.get(id)!;
    const f = folds.get(id) ?? freshFold();
    const view = cardViewOf(card, f, card.deps.every((d) => folds.get(d)?.status === 'done'), config, options.relPath);
    counts[view.status] += 1;
    cards.push(view);
    costUsd += f.costUsd;
    tokens.input += f.tokens.input;
    tokens.output += f.tokens.output;
    for (const a of f.attempts) {
      attempts.push(a);
      const time = a.endedAt !== undefined ? a.endedAt - a.startedAt : 0;
      agentTimeMs += time;
      const totals = agents.get(a.agent) ?? { agent: a.agent, attempts: 0, costUsd: 0, tokens: { input: 0, output: 0 }, timeMs: 0 };
      totals.attempts += 1;
      totals.timeMs += time;
      agents.set(a.agent, totals);
    }
    for (const [agent, spent] of f.byAgent) {
      const totals = agents.get(agent);
      if (!totals) continue;
      totals.costUsd += spent.costUsd;
      totals.tokens = { input: totals.tokens.input + spent.tokens.input, output: totals.tokens.output + spent.tokens.output };
    }
  }
  const blocks = new Map<string, string[]>();
  for (const c of cards) if (c.blockedBy) blocks.set(c.blockedBy, [...(blocks.get(c.blockedBy) ?? []), c.id]);
  for (const c of cards) if (c.status === 'failed') c.blocks = blocks.get(c.id) ?? [];
  attempts.sort((a, b) => a.startedAt - b.startedAt || (a.card < b.card ? -1 : a.card > b.card ? 1 : a.attempt - b.attempt));

  const view: RunView = {
    asOf: options.running ? Math.max(options.now ?? lastT, lastT) : endedAt ?? lastT,
    running: options.running,
    counts, cards, attempts, incidents, costUsd, tokens, agentTimeMs,
    agents: [...agents.values()].sort((a, b) => (a.agent < b.agent ? -1 : 1)),
  };
  if (config.goal) view.goal = config.goal;
  if (startedAt !== undefined) view.startedAt = startedAt;
  if (endedAt !== undefined && !options.running) view.endedAt = endedAt;
  return view;
}

/** Incidents shown are those since the last run that finished with everything done. */
function campaignStartIndex(events: readonly LogEvent[]): number {
  let lastStart = -1;
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.type === 'run-started') { lastStart = i; break; }
  for (let i = lastStart - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'run-ended' && e.exitCode === 0) return i + 1;
  }
  return 0;
}
