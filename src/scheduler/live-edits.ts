import type { Graph } from '../graph/build.js';
import type { CardBook } from './card-book.js';
import { cardFlags } from './card-flags.js';
import { rejectedRecord } from './records.js';
import type { Rejection } from './types.js';

/**
 * The cards changed during the run. New cards join; removed ones leave (a running one when its
 * attempt ends); an edited card runs its new version — a running attempt of it is stopped with no
 * attempt spent, and what depends on it waits for the new result. Each new rejection is recorded;
 * `rejected` is every card file that does not validate now, so the run can end with exit 2.
 */
export function applyCardsChanged(book: CardBook, graph: Graph, rejected: readonly Rejection[], recorded: Set<string>): void {
  for (const r of rejected) {
    const key = `${r.file}\0${r.message}`;
    if (recorded.has(key)) continue;
    recorded.add(key);
    book.out.push({ type: 'record', event: rejectedRecord(book.now, book.options.run, r) });
  }
  for (const [id, cs] of book.cards) {
    if (graph.cards.has(id)) continue;
    if (cs.status === 'running') cs.removed = true;
    else book.drop(id);
  }
  book.graph = graph;
  book.rerank();
  const edited: string[] = [];
  for (const id of graph.order) {
    const card = graph.cards.get(id)!;
    const cs = book.cards.get(id);
    if (!cs) {
      book.addCard(card);
      continue;
    }
    if (cs.card.hash === card.hash) continue;
    cs.card = card;
    edited.push(id);
  }
  for (const id of edited) {
    const cs = book.cards.get(id)!;
    if (cs.status === 'waiting' || cs.status === 'awaiting-approval') continue;
    if (cs.status === 'pending') {
      cs.waitingOn = book.pendingDeps(cs.card);
      if (cs.waitingOn > 0) book.set(cs, 'waiting');
      continue;
    }
    book.reopen(id, false);
  }
  for (const id of graph.order) {
    const cs = book.cards.get(id)!;
    if (cs.status !== 'waiting' && cs.status !== 'pending') continue;
    cs.waitingOn = book.pendingDeps(cs.card);
    const failedDep = cs.card.deps.find((d) => ['failed', 'blocked', 'cancelled'].includes(book.cards.get(d)?.status ?? ''));
    if (failedDep && !cardFlags(cs.card).always) book.set(cs, 'blocked', { blockedBy: failedDep });
    else if (cs.status === 'pending' && cs.waitingOn > 0) book.set(cs, 'waiting');
    else if (cs.status === 'waiting' && cs.waitingOn === 0) book.becomeReady(cs);
  }
}
