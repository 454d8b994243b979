import type { Card } from '../cards/card.js';
import type { Graph } from '../graph/build.js';
import { effectiveRetries } from '../config/retries.js';
import type { RunEnded } from '../state/events.js';
import { afterFailure } from './after-failure.js';
import { CardBook } from './card-book.js';
import { agentListOf, cardFlags } from './card-flags.js';
import { applyControl } from './controls.js';
import { fallsBack } from './fallback.js';
import { fingerprintOf } from './fingerprint.js';
import { applyCardsChanged } from './live-edits.js';
import { outcomeFacts, throttledRecord } from './records.js';
import type { AttemptOutcome } from './status.js';
import type { CardState, Effect, EndedDep, Rejection, SchedulerInput, SchedulerOptions } from './types.js';
import { writeSetsOverlap } from './write-sets.js';

/**
 * The run as a state machine: `step(input)` takes what happened (with the time) and returns what to
 * do. No I/O, no clock, no randomness of its own, so every decision can be tested and replayed.
 */
export class Scheduler {
  private readonly book: CardBook;
  private finished = false;
  private costUsd = 0;
  /** Card files that do not validate now: the run ends with exit 2 while there are any. */
  private rejected: readonly Rejection[] = [];
  private readonly recordedRejections = new Set<string>();

  constructor(graph: Graph, private readonly options: SchedulerOptions) {
    this.book = new CardBook(graph, options);
  }

  step(input: SchedulerInput): Effect[] {
    const book = this.book;
    book.now = input.now;
    book.out = [];
    switch (input.type) {
      case 'start': this.start(); break;
      case 'tick': break;
      case 'attempt-ended': this.attemptEnded(input.card, input.attempt, input.outcome); break;
      case 'cards-changed':
        this.rejected = input.rejected;
        applyCardsChanged(book, input.graph, input.rejected, this.recordedRejections);
        this.finished = false;
        break;
      case 'control': applyControl(book, input.action, input.card); this.finished = false; break;
      case 'interrupt': this.interrupt(); break;
    }
    this.tick();
    this.dispatch();
    this.checkFinished();
    return book.out;
  }

  /** When the next timer (a backoff, a paused agent) is due, if any. */
  nextWakeAt(): number | undefined {
    const book = this.book;
    const due = [...book.retrying].flatMap((id) => book.cards.get(id)?.retryAt ?? []);
    const resume = book.agents.nextResume((name) => book.ready.has(name));
    if (resume !== undefined) due.push(resume);
    return due.length ? Math.min(...due) : undefined;
  }

  private start(): void {
    const book = this.book;
    book.rerank();
    for (const id of book.graph.order) book.addCard(book.graph.cards.get(id)!);
    for (const id of book.graph.order) {
      const cs = book.cards.get(id)!;
      if (cs.status === 'waiting' && cs.waitingOn === 0) book.becomeReady(cs);
    }
  }

  private dispatch(): void {
    const book = this.book;
    const budget = this.options.config.budget.maxCostUsd;
    if (!book.stopping && budget !== undefined && this.costUsd >= budget) book.stopping = 'budget';
    if (book.stopping) return;
    while (book.running.size < this.options.concurrency) {
      const next = this.pickNext();
      if (!next) return;
      this.startAttempt(next);
    }
  }

  /** The best pending card over all agents with a free slot, skipping cards whose writes collide. */
  private pickNext(): CardState | undefined {
    const book = this.book;
    const id = book.ready.take(
      (name) => book.agents.open(name, book.now),
      (id, name) => {
        const cs = book.cards.get(id);
        return cs?.status === 'pending' && book.agentOf(cs) === name;
      },
      (id) => this.collides(book.cards.get(id)!.card),
    );
    return id === undefined ? undefined : book.cards.get(id);
  }

  private collides(card: Card): boolean {
    const mine = [...card.writes, ...card.outputs];
    if (!mine.length) return false;
    for (const id of this.book.running) {
      const other = this.book.cards.get(id)!.card;
      if (writeSetsOverlap(mine, [...other.writes, ...other.outputs])) return true;
    }
    return false;
  }

  private startAttempt(cs: CardState): void {
    const book = this.book;
    const agent = book.agentOf(cs);
    cs.attempt += 1;
    // what this attempt reads (a change during it makes the card run again); hashed once if it became ready in this step
    if (cs.partsAt !== book.now) cs.parts = book.parts(cs.card);
    delete cs.partsAt;
    book.running.add(cs.card.id);
    book.done.delete(cs.card.id);
    book.agents.started(agent);
    book.set(cs, 'running', { attempt: cs.attempt, agent });
    const deps = [...new Set(cs.card.deps)];
    const start: Extract<Effect, { type: 'start' }> = {
      type: 'start', card: cs.card, attempt: cs.attempt, agent, depResults: deps.filter((d) => book.results.has(d)),
    };
    if (cardFlags(cs.card).always) {
      const ended: EndedDep[] = deps.filter((d) => !book.results.has(d)).map((d) => {
        const dep = book.cards.get(d);
        const message = dep?.failure?.message;
        return message ? { id: d, status: dep!.status, message } : { id: d, status: dep?.status ?? 'cancelled' };
      });
      if (ended.length) start.depsEnded = ended;
    }
    if (cs.failure) start.failure = cs.failure;
    book.out.push(start);
  }

  private attemptEnded(id: string, attempt: number, outcome: AttemptOutcome): void {
    const book = this.book;
    const cs = book.cards.get(id);
    if (!cs || cs.status !== 'running' || cs.attempt !== attempt) return;
    const name = book.agentOf(cs);
    book.running.delete(id);
    book.agents.ended(name);
    this.costUsd += outcome.costUsd ?? 0;
    const facts = outcomeFacts(attempt, name, outcome);

    if (cs.requeue && !cs.removed) {
      // a new version of the card, or of a dep: this attempt's work is stale, and not charged
      delete cs.requeue;
      book.set(cs, 'waiting', { ...facts, message: 'stopped: its card or a dep changed; it runs again' });
      cs.waitingOn = book.pendingDeps(cs.card);
      if (cs.waitingOn === 0) book.becomeReady(cs);
    } else if (cs.cancelRequested) {
      delete cs.cancelRequested;
      book.set(cs, 'cancelled', { ...facts, message: 'cancelled by a person' });
      book.block(id);
    } else if (outcome.ok) {
      const resultHash = outcome.resultHash ?? '';
      const parts = cs.parts ?? book.parts(cs.card);
      const fingerprint = fingerprintOf(parts);
      book.set(cs, 'done', { ...facts, resultHash, fingerprint, parts });
      book.done.set(id, { fingerprint, resultHash, parts });
      delete cs.forced;
      if (book.approvals.get(id) === 'approved') book.approvals.delete(id);
      const grown = book.agents.grow(name);
      if (grown !== undefined) this.throttled(name, grown, 'recovered after a success');
      book.cardDone(id, resultHash);
    } else this.failed(cs, name, outcome, facts);
    if (cs.removed) book.drop(id);
  }

  private failed(cs: CardState, name: string, outcome: AttemptOutcome, facts: ReturnType<typeof outcomeFacts>): void {
    const book = this.book;
    const kind = outcome.errorKind ?? 'exit';
    cs.failure = { kind, message: outcome.message ?? kind };
    if (outcome.detail) cs.failure.detail = outcome.detail;
    const list = agentListOf(cs.card, this.options.config.defaults.agent);
    if (!book.stopping && cs.agentIndex < list.length - 1 && fallsBack(kind, book.agents.limit(name))) {
      // the agent cannot do it now (usage limit, missing, not logged in): the next one in the list does, uncharged
      if (kind === 'usage_limit' && outcome.retryAt !== undefined) book.agents.pause(name, outcome.retryAt);
      cs.agentIndex++;
      book.set(cs, 'pending', { ...facts, message: `${cs.failure.message} — trying agent ${list[cs.agentIndex]}` });
      book.enqueue(cs);
      return;
    }
    const next = afterFailure(outcome, {
      failures: cs.failures, retries: effectiveRetries(cs.card, this.options.config),
      stopping: book.stopping !== undefined, now: book.now, backoff: this.options.config.backoff, random: this.options.random,
    });
    cs.failures = next.failures;
    const id = cs.card.id;
    if (next.rateLimited) this.throttled(name, book.agents.halve(name), 'rate limited', undefined, id);
    if (next.to === 'cancelled') book.set(cs, 'cancelled', facts);
    else if (next.to === 'paused') {
      cs.retryAt = book.agents.pause(name, next.until);
      this.throttled(name, book.agents.limit(name), 'paused until its usage limit resets', cs.retryAt, id);
      book.set(cs, 'retrying', { ...facts, retryAt: cs.retryAt });
    } else if (next.to === 'retrying') {
      cs.retryAt = next.retryAt;
      book.set(cs, 'retrying', { ...facts, retryAt: cs.retryAt });
    } else {
      book.set(cs, 'failed', facts);
      book.block(id);
      if (this.options.failFast && !book.stopping) book.stopping = 'fail-fast';
    }
  }

  private throttled(name: string, limit: number, reason: string, until?: number, card?: string): void {
    this.book.out.push({ type: 'record', event: throttledRecord(this.book.now, this.options.run, name, limit, reason, until, card) });
  }

  private tick(): void {
    const book = this.book;
    for (const id of [...book.retrying]) {
      const cs = book.cards.get(id)!;
      if (book.stopping || cs.retryAt === undefined || cs.retryAt > book.now) continue;
      delete cs.retryAt;
      book.set(cs, 'pending');
      book.enqueue(cs);
    }
    book.agents.expire(book.now);
  }

  private interrupt(): void {
    this.book.stopping = 'interrupt';
    for (const id of this.book.running) this.book.out.push({ type: 'stop', card: id, reason: 'interrupt' });
  }

  private checkFinished(): void {
    const book = this.book;
    if (this.finished || book.running.size) return;
    const cards = [...book.cards.values()];
    const open = cards.some((cs) => ['pending', 'waiting', 'awaiting-approval'].includes(cs.status));
    if (!book.stopping && (book.retrying.size || open)) return;
    if (book.stopping && book.stopping !== 'interrupt') {
      for (const cs of cards) {
        if (['waiting', 'pending', 'retrying', 'awaiting-approval'].includes(cs.status)) book.set(cs, 'cancelled', { message: `not started: ${book.stopping}` });
      }
    }
    this.finished = true;
    const allDone = cards.every((cs) => cs.status === 'done');
    const exitCode = book.stopping === 'interrupt' ? 130 : this.rejected.length ? 2 : allDone ? 0 : 1;
    const reason = book.stopping === 'interrupt' ? 'interrupted' : book.stopping ?? 'finished';
    const event: RunEnded = { type: 'run-ended', t: book.now, run: this.options.run, exitCode, reason };
    book.out.push({ type: 'finish', exitCode, reason, event });
  }
}
