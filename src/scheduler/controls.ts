import type { CardBook } from './card-book.js';
import type { ControlAction } from './types.js';

/**
 * A person's action on one card during a run. Cancel stops a running card (its dependents are
 * blocked); retry reruns a failed, blocked or cancelled one; reset reruns a done one whatever its
 * fingerprint; approve and reject decide an approval gate (ahead of time too). An action that does
 * not fit the card's status changes nothing.
 */
export function applyControl(book: CardBook, action: ControlAction, id: string): void {
  const cs = book.cards.get(id);
  if (!cs) return;
  const status = cs.status;
  switch (action) {
    case 'approve':
    case 'reject': {
      if (!['waiting', 'awaiting-approval', 'pending'].includes(status)) return;
      const decision = action === 'approve' ? 'approved' : 'rejected';
      book.approvals.set(id, decision);
      book.out.push({ type: 'record', event: { type: 'card-approval', t: book.now, run: book.options.run, card: id, decision } });
      if (action === 'reject') book.fail(cs, 'rejected', 'rejected at its approval gate');
      else if (status === 'awaiting-approval') book.becomeReady(cs);
      return;
    }
    case 'cancel':
      if (status === 'running') {
        cs.cancelRequested = true;
        book.out.push({ type: 'stop', card: id, reason: 'cancel' });
      } else if (['waiting', 'pending', 'retrying', 'awaiting-approval'].includes(status)) {
        book.set(cs, 'cancelled', { message: 'cancelled by a person' });
        book.block(id);
      }
      return;
    case 'retry':
      if (status === 'failed' || status === 'blocked' || status === 'cancelled') book.reopen(id, false);
      return;
    case 'reset':
      if (status !== 'done') return;
      book.out.push({ type: 'record', event: { type: 'card-reset', t: book.now, card: id } });
      book.reopen(id, true);
      return;
  }
}
