import type { Card } from '../cards/card.js';
import type { Graph } from '../graph/build.js';
import { rankCards, readyOrder, cardWeights } from '../graph/plan.js';
import type { CardChanged } from '../state/events.js';
import { afterFailure } from './after-failure.js';
import { fingerprintOf, fingerprintParts, type FingerprintParts } from './fingerprint.js';
import { ReadyQueue } from './ready-queue.js';
import { outcomeFacts, rejectedRecord, throttledRecord } from './records.js';
import { AgentLimits } from './agent-limits.js';
import type { AttemptOutcome, CardStatus } from './status.js';
import type { CardState, Effect, SchedulerInput, SchedulerOptions } from './types.js';
import { writeSetsOverlap } from './write-sets.js';

/**
 * The run as a state machine: `step(input)` takes what happened (with the time) and returns what to
 * do. No I/O, no clock, no randomness of its own, so every decision can be tested and replayed.
 */
export class Scheduler {
  private readonly cards = new Map<string, CardState>();
  private readonly agents: AgentLimits;
  private readonly ready = new ReadyQueue(() => false);
  private readonly running = new Set<string>();
  private readonly retrying = new Set<string>();
  private readonly results = new Map<string, string>();
  private graph: Graph;
  private stopping: 'interrupt' | 'fail-fast' | 'budget' | undefined;
  private finished = false;
  private costUsd = 0;
  private now = 0;
  private out: Effect[] = [];

  constructor(graph: Graph, private readonly options: SchedulerOptions) {
    this.graph = graph;
    this.agents = new AgentLimits((name) => options.config.agents[name]?.maxConcurrent ?? options.concurrency);
  }

  step(input: SchedulerInput): Effect[] {
    this.now = input.now;
    this.out = [];
    switch (input.type) {
      case 'start': this.start(); break;
      case 'tick': break;
      case 'attempt-ended': this.attemptEnded(input.card, input.attempt, input.outcome); break;
      case 'cards-changed': this.cardsChanged(input.graph, input.rejected); break;
      case 'interrupt': this.interrupt(); break;
    }
    this.tick();
    this.dispatch();
    this.checkFinished();
    return this.out;
  }

  /** When the next timer (a backoff, a paused agent) is due, if any. */
  nextWakeAt(): number | undefined {
    const due = [...this.retrying].flatMap((id) => this.cards.get(id)?.retryAt ?? []);
    const resume = this.agents.nextResume((name) => this.ready.has(name));
    if (resume !== undefined) due.push(resume);
    return due.length ? Math.min(...due) : undefined;
  }

  private start(): void {
    this.rerank();
    for (const id of this.graph.order) this.addCard(this.graph.cards.get(id)!);
    for (const id of this.graph.order) {
      const cs = this.cards.get(id)!;
      if (cs.status === 'waiting' && cs.waitingOn === 0) this.becomeReady(cs);
    }
  }

  private addCard(card: Card): void {
    this.cards.set(card.id, { card, status: 'waiting', attempt: 0, failures: 0, waitingOn: this.undoneDeps(card) });
  }

  private agentOf(card: Card): string {
    return card.agent ?? this.options.config.defaults.agent;
  }

  private undoneDeps(card: Card): number {
    let n = 0;
    for (const dep of new Set(card.deps)) if (!this.results.has(dep)) n++;
    return n;
  }

  private set(cs: CardState, to: CardStatus, extra: Partial<CardChanged> = {}): void {
    const event: CardChanged = { type: 'card', t: this.now, run: this.options.run, card: cs.card.id, from: cs.status, to, ...extra };
    if (cs.status === 'retrying') this.retrying.delete(cs.card.id);
    cs.status = to;
    if (to === 'retrying') this.retrying.add(cs.card.id);
    this.out.push({ type: 'record', event });
  }

  private becomeReady(cs: CardState): void {
    const card = cs.card;
    cs.parts = this.parts(card);
    cs.partsAt = this.now;
    const fingerprint = fingerprintOf(cs.parts);
    const previous = this.options.previous.get(card.id);
    const forced = this.options.force === 'all' || this.options.force?.includes(card.id);
    if (!forced && previous && previous.fingerprint === fingerprint && this.options.existingResults.has(card.id)) {
      this.set(cs, 'done', { upToDate: true, fingerprint, resultHash: previous.resultHash });
      this.cardDone(card.id, previous.resultHash);
      return;
    }
    this.set(cs, 'pending');
    this.enqueue(cs);
  }

  private parts(card: Card): FingerprintParts {
    const agent = this.options.config.agents[this.agentOf(card)];
    return fingerprintParts(card, agent?.hash ?? '', (id) => this.results.get(id), this.options.inputsHash);
  }

  private enqueue(cs: CardState): void {
    this.ready.push(this.agentOf(cs.card), cs.card.id);
  }

  private cardDone(id: string, resultHash: string): void {
    this.results.set(id, resultHash);
    for (const d of this.graph.dependents.get(id) ?? []) {
      const dep = this.cards.get(d);
      if (!dep) continue;
      dep.waitingOn = this.undoneDeps(dep.card);
      if (dep.status === 'waiting' && dep.waitingOn === 0) this.becomeReady(dep);
    }
  }

  private dispatch(): void {
    const budget = this.options.config.budget.maxCostUsd;
    if (!this.stopping && budget !== undefined && this.costUsd >= budget) this.stopping = 'budget';
    if (this.stopping) return;
    while (this.running.size < this.options.concurrency) {
      const next = this.pickNext();
      if (!next) return;
      this.startAttempt(next);
    }
  }

  /** The best pending card over all agents with a free slot, skipping cards whose writes collide. */
  private pickNext(): CardState | undefined {
    const id = this.ready.take(
      (name) => this.agents.open(name, this.now),
      (id, name) => {
        const cs = this.cards.get(id);
        return cs?.status === 'pending' && this.agentOf(cs.card) === name;
      },
      (id) => this.collides(this.cards.get(id)!.card),
    );
    return id === undefined ? undefined : this.cards.get(id);
  }

  private collides(card: Card): boolean {
    const mine = [...card.writes, ...card.outputs];
    if (!mine.length) return false;
    for (const id of this.running) {
      const other = this.cards.get(id)!.card;
      if (writeSetsOverlap(mine, [...other.writes, ...other.outputs])) return true;
    }
    return false;
  }

  private startAttempt(cs: CardState): void {
    const agent = this.agentOf(cs.card);
    cs.attempt += 1;
    // what this attempt reads (a change during it makes the card run again); hashed once if it became ready in this step
    if (cs.partsAt !== this.now) cs.parts = this.parts(cs.card);
    delete cs.partsAt;
    this.running.add(cs.card.id);
    this.agents.started(agent);
    this.set(cs, 'running', { attempt: cs.attempt, agent });
    const start: Effect = { type: 'start', card: cs.card, attempt: cs.attempt, agent, depResults: [...new Set(cs.card.deps)] };
    if (cs.failure) start.failure = cs.failure;
    this.out.push(start);
  }

  private attemptEnded(id: string, attempt: number, outcome: AttemptOutcome): void {
    const cs = this.cards.get(id);
    if (!cs || cs.status !== 'running' || cs.attempt !== attempt) return;
    const name = this.agentOf(cs.card);
    this.running.delete(id);
    this.agents.ended(name);
    this.costUsd += outcome.costUsd ?? 0;
    const facts = outcomeFacts(attempt, name, outcome);

    if (outcome.ok) {
      const resultHash = outcome.resultHash ?? '';
      const parts = cs.parts ?? this.parts(cs.card);
      this.set(cs, 'done', { ...facts, resultHash, fingerprint: fingerprintOf(parts), parts });
      const grown = this.agents.grow(name);
      if (grown !== undefined) this.throttled(name, grown, 'recovered after a success');
      this.cardDone(id, resultHash);
    } else {
      const kind = outcome.errorKind ?? 'exit';
      cs.failure = { kind, message: outcome.message ?? kind };
      if (outcome.detail) cs.failure.detail = outcome.detail;
      const next = afterFailure(outcome, {
        failures: cs.failures, retries: cs.card.retries ?? this.options.config.defaults.retries,
        stopping: this.stopping !== undefined, now: this.now, backoff: this.options.config.backoff, random: this.options.random,
      });
      cs.failures = next.failures;
      if (next.rateLimited) this.throttled(name, this.agents.halve(name), 'rate limited', undefined, id);
      if (next.to === 'cancelled') this.set(cs, 'cancelled', facts);
      else if (next.to === 'paused') {
        cs.retryAt = this.agents.pause(name, next.until);
        this.throttled(name, this.agents.limit(name), 'paused until its usage limit resets', cs.retryAt, id);
        this.set(cs, 'retrying', { ...facts, retryAt: cs.retryAt });
      } else if (next.to === 'retrying') {
        cs.retryAt = next.retryAt;
        this.set(cs, 'retrying', { ...facts, retryAt: cs.retryAt });
      } else {
        this.set(cs, 'failed', facts);
        this.block(id);
        if (this.options.failFast && !this.stopping) this.stopping = 'fail-fast';
      }
    }
    if (cs.removed) this.drop(id);
  }

  private throttled(name: string, limit: number, reason: string, until?: number, card?: string): void {
    this.out.push({ type: 'record', event: throttledRecord(this.now, this.options.run, name, limit, reason, until, card) });
  }

  /** Every card that depends on `failed`, directly or not, will not run in this run. */
  private block(failed: string): void {
    const stack = [...(this.graph.dependents.get(failed) ?? [])];
    while (stack.length) {
      const id = stack.pop()!;
      const cs = this.cards.get(id);
      if (!cs || (cs.status !== 'waiting' && cs.status !== 'pending')) continue;
      this.set(cs, 'blocked', { blockedBy: failed });
      stack.push(...(this.graph.dependents.get(id) ?? []));
    }
  }

  private tick(): void {
    for (const id of [...this.retrying]) {
      const cs = this.cards.get(id)!;
      if (this.stopping || cs.retryAt === undefined || cs.retryAt > this.now) continue;
      delete cs.retryAt;
      this.set(cs, 'pending');
      this.enqueue(cs);
    }
    this.agents.expire(this.now);
  }

  private interrupt(): void {
    this.stopping = 'interrupt';
    for (const id of this.running) this.out.push({ type: 'stop', card: id });
  }

  private checkFinished(): void {
    if (this.finished || this.running.size) return;
    const pending = [...this.cards.values()].some((cs) => cs.status === 'pending' || cs.status === 'waiting');
    if (!this.stopping && (this.retrying.size || pending)) return;
    if (this.stopping && this.stopping !== 'interrupt') {
      for (const cs of this.cards.values()) {
        if (cs.status === 'waiting' || cs.status === 'pending' || cs.status === 'retrying') this.set(cs, 'cancelled', { message: `not started: ${this.stopping}` });
      }
    }
    this.finished = true;
    const allDone = [...this.cards.values()].every((cs) => cs.status === 'done');
    const exitCode = this.stopping === 'interrupt' ? 130 : allDone ? 0 : 1;
    const reason = this.stopping === 'interrupt' ? 'interrupted' : this.stopping ?? 'finished';
    this.out.push({ type: 'record', event: { type: 'run-ended', t: this.now, run: this.options.run, exitCode, reason } });
    this.out.push({ type: 'finish', exitCode, reason });
  }

  private cardsChanged(graph: Graph, rejected: Array<{ card?: string; file: string; message: string }>): void {
    for (const r of rejected) this.out.push({ type: 'record', event: rejectedRecord(this.now, this.options.run, r) });
    for (const [id, cs] of this.cards) {
      if (graph.cards.has(id)) continue;
      if (cs.status === 'running') cs.removed = true;
      else this.drop(id);
    }
    this.graph = graph;
    this.rerank();
    for (const id of graph.order) {
      const card = graph.cards.get(id)!;
      const cs = this.cards.get(id);
      if (!cs) { this.addCard(card); continue; }
      if (cs.card.hash !== card.hash && (cs.status === 'waiting' || cs.status === 'pending')) cs.card = card;
    }
    for (const id of graph.order) {
      const cs = this.cards.get(id)!;
      if (cs.status !== 'waiting' && cs.status !== 'pending') continue;
      cs.waitingOn = this.undoneDeps(cs.card);
      const failedDep = cs.card.deps.find((d) => ['failed', 'blocked', 'cancelled'].includes(this.cards.get(d)?.status ?? ''));
      if (failedDep) this.set(cs, 'blocked', { blockedBy: failedDep });
      else if (cs.status === 'pending' && cs.waitingOn > 0) this.set(cs, 'waiting');
      else if (cs.status === 'waiting' && cs.waitingOn === 0) this.becomeReady(cs);
    }
    this.finished = false;
  }

  private drop(id: string): void {
    this.cards.delete(id);
    this.retrying.delete(id);
    this.results.delete(id);
  }

  private rerank(): void {
    const rank = rankCards(this.graph, cardWeights(this.graph.cards.values()).weight);
    this.ready.reorder(readyOrder(rank, this.graph.cards));
  }
}
