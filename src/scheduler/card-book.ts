import type { Card } from '../cards/card.js';
import type { Graph } from '../graph/build.js';
import { cardWeights, rankCards, readyOrder } from '../graph/plan.js';
import type { CardChanged } from '../state/events.js';
import { agentListOf, cardFlags } from './card-flags.js';
import { fingerprintOf, fingerprintParts, type FingerprintParts } from './fingerprint.js';
import { ReadyQueue } from './ready-queue.js';
import { AgentLimits } from './agent-limits.js';
import { isTerminal, type CardStatus, type ErrorKind } from './status.js';
import type { CardState, DoneRecord, Effect, SchedulerOptions } from './types.js';

/**
 * The scheduler's bookkeeping: every card's state, which deps are done, what is ready, and the
 * moves between statuses that several inputs share (ready, done, blocked, reopened). Pure: it only
 * appends to `out`, the effects of the current step.
 */
export class CardBook {
  readonly cards = new Map<string, CardState>();
  readonly agents: AgentLimits;
  readonly ready = new ReadyQueue(() => false);
  readonly running = new Set<string>();
  readonly retrying = new Set<string>();
  /** Result hashes of the cards done now. */
  readonly results = new Map<string, string>();
  /** The latest done record of each card: from earlier runs, then from this one. */
  readonly done: Map<string, DoneRecord>;
  /** Cards whose results/<id>.md exists. */
  readonly haveResult: Set<string>;
  readonly approvals: Map<string, 'approved' | 'rejected'>;
  graph: Graph;
  now = 0;
  out: Effect[] = [];
  stopping: 'interrupt' | 'fail-fast' | 'budget' | undefined;

  constructor(graph: Graph, readonly options: SchedulerOptions) {
    this.graph = graph;
    this.agents = new AgentLimits((name) => options.config.agents[name]?.maxConcurrent ?? options.concurrency);
    this.done = new Map(options.previous);
    this.haveResult = new Set(options.existingResults);
    this.approvals = new Map(options.approvals ?? []);
  }

  addCard(card: Card): CardState {
    const cs: CardState = { card, status: 'waiting', attempt: 0, failures: 0, waitingOn: 0, agentIndex: 0 };
    this.cards.set(card.id, cs);
    cs.waitingOn = this.pendingDeps(cs.card);
    if (this.options.force === 'all' || this.options.force?.includes(card.id)) cs.forced = true;
    return cs;
  }

  /** The agent the card's next attempt goes to. */
  agentOf(cs: CardState): string {
    const list = agentListOf(cs.card, this.options.config.defaults.agent);
    return list[Math.min(cs.agentIndex, list.length - 1)]!;
  }

  /** Deps the card still waits for: not done, or for an `always` card, not ended. */
  pendingDeps(card: Card): number {
    const always = cardFlags(card).always;
    let n = 0;
    for (const dep of new Set(card.deps)) {
      if (always ? !this.ended(dep) : !this.results.has(dep)) n++;
    }
    return n;
  }

  private ended(id: string): boolean {
    if (this.results.has(id)) return true;
    const cs = this.cards.get(id);
    return cs === undefined || (isTerminal(cs.status) && cs.status !== 'done');
  }

  set(cs: CardState, to: CardStatus, extra: Partial<CardChanged> = {}): void {
    const event: CardChanged = { type: 'card', t: this.now, run: this.options.run, card: cs.card.id, from: cs.status, to, ...extra };
    if (cs.status === 'retrying') this.retrying.delete(cs.card.id);
    cs.status = to;
    if (to === 'retrying') this.retrying.add(cs.card.id);
    this.out.push({ type: 'record', event });
  }

  parts(card: Card): FingerprintParts {
    const agents = agentListOf(card, this.options.config.defaults.agent).map((name) => this.options.config.agents[name]?.hash ?? '');
    return fingerprintParts(card, agents.join(','), (id) => this.results.get(id) ?? this.cards.get(id)?.status, this.options.inputsHash);
  }

  /** All deps are done (or ended, for `always`): up to date, at its approval gate, or queued. */
  becomeReady(cs: CardState): void {
    const { card } = cs;
    cs.parts = this.parts(card);
    cs.partsAt = this.now;
    const fingerprint = fingerprintOf(cs.parts);
    const previous = this.done.get(card.id);
    if (!cs.forced && previous && previous.fingerprint === fingerprint && this.haveResult.has(card.id)) {
      this.set(cs, 'done', { upToDate: true, fingerprint, resultHash: previous.resultHash });
      this.cardDone(card.id, previous.resultHash);
      return;
    }
    if (cardFlags(card).approve && !cs.approved) {
      const decision = this.approvals.get(card.id);
      if (decision === 'rejected') return this.fail(cs, 'rejected', 'rejected at its approval gate');
      if (decision !== 'approved') {
        if (cs.status !== 'awaiting-approval') this.set(cs, 'awaiting-approval');
        return;
      }
      cs.approved = true;
    }
    this.set(cs, 'pending');
    this.enqueue(cs);
  }

  enqueue(cs: CardState): void {
    // skip to a fallback agent when this one is paused on a usage limit
    const list = agentListOf(cs.card, this.options.config.defaults.agent);
    while (cs.agentIndex < list.length - 1 && this.agents.paused(list[cs.agentIndex]!, this.now)) cs.agentIndex++;
    this.ready.push(this.agentOf(cs), cs.card.id);
  }

  cardDone(id: string, resultHash: string): void {
    this.results.set(id, resultHash);
    this.haveResult.add(id);
    this.depEnded(id);
  }

  /** A dep reached its end: its dependents may be ready now. */
  depEnded(id: string): void {
    for (const d of this.graph.dependents.get(id) ?? []) {
      const dep = this.cards.get(d);
      if (!dep) continue;
      dep.waitingOn = this.pendingDeps(dep.card);
      if (dep.status === 'waiting' && dep.waitingOn === 0) this.becomeReady(dep);
    }
  }

  /** The card fails for good: its dependents are blocked. */
  fail(cs: CardState, kind: ErrorKind, message: string, extra: Partial<CardChanged> = {}): void {
    this.set(cs, 'failed', { errorKind: kind, message, ...extra });
    this.block(cs.card.id);
  }

  /** Every card that depends on `ended`, directly or not, will not run in this run; `always` cards run anyway. */
  block(ended: string): void {
    const stack = [...(this.graph.dependents.get(ended) ?? [])];
    while (stack.length) {
      const id = stack.pop()!;
      const cs = this.cards.get(id);
      if (!cs || !['waiting', 'pending', 'awaiting-approval'].includes(cs.status)) continue;
      if (cardFlags(cs.card).always) {
        cs.waitingOn = this.pendingDeps(cs.card);
        if (cs.status === 'waiting' && cs.waitingOn === 0) this.becomeReady(cs);
        continue;
      }
      this.set(cs, 'blocked', { blockedBy: ended });
      stack.push(...(this.graph.dependents.get(id) ?? []));
    }
  }

  /**
   * Make a card run again in this run (a retry, a reset, a new version of it): back to waiting,
   * and everything after it too — a running dependent is stopped without a charge. Dependents
   * whose inputs turn out unchanged are up to date again when their turn comes.
   */
  reopen(id: string, forced: boolean): void {
    const order = [id, ...this.dependentsOf(id)];
    for (const each of order) {
      const cs = this.cards.get(each);
      if (!cs) continue;
      if (each === id && forced) cs.forced = true;
      this.results.delete(each);
      if (cs.status === 'running') {
        cs.requeue = true;
        this.out.push({ type: 'stop', card: each, reason: 'card-edited' });
      } else if (cs.status !== 'waiting') {
        cs.failures = 0;
        delete cs.failure;
        delete cs.retryAt;
        this.set(cs, 'waiting');
      }
    }
    for (const each of order) {
      const cs = this.cards.get(each);
      if (!cs || cs.status !== 'waiting') continue;
      cs.waitingOn = this.pendingDeps(cs.card);
      if (cs.waitingOn === 0) this.becomeReady(cs);
    }
  }

  /** Every card after `id` in the graph, in topological order. */
  dependentsOf(id: string): string[] {
    const seen = new Set<string>();
    const stack = [...(this.graph.dependents.get(id) ?? [])];
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(this.graph.dependents.get(next) ?? []));
    }
    return this.graph.order.filter((x) => seen.has(x));
  }

  drop(id: string): void {
    this.cards.delete(id);
    this.retrying.delete(id);
    this.results.delete(id);
  }

  rerank(): void {
    const rank = rankCards(this.graph, cardWeights(this.graph.cards.values()).weight);
    this.ready.reorder(readyOrder(rank, this.graph.cards));
  }
}
