import { describe, expect, it } from 'vitest';
import { applyMessage, controlsFor, elapsedMs, emptyState } from '../../web/src/state.js';
import type { CardView, Totals, UiMessage } from '../../web/src/types.js';

const totals: Totals = { counts: { pending: 1 }, costUsd: 0, tokens: { input: 0, output: 0 }, agentTimeMs: 0, lastT: 0 };
const cardOf = (id: string, status: string, deps: string[] = []): CardView => ({ id, title: id, file: `${id}.md`, agent: 'fake', deps, status, attempts: 0 });
const snapshot = (cards: CardView[], now = 1000): UiMessage => ({ type: 'snapshot', now, running: true, cards, criticalPath: ['a', 'b'], totals, problems: [] });

describe('the page state', () => {
  it('takes a snapshot: order, critical path, clock offset', () => {
    const s = applyMessage(emptyState(), snapshot([cardOf('a', 'pending'), cardOf('b', 'waiting', ['a'])], 5000), 4000);
    expect(s.order).toEqual(['a', 'b']);
    expect([...s.critical]).toEqual(['a', 'b']);
    expect(s.clockOffset).toBe(1000);
    expect(s.graphVersion).toBe(1);
    expect(s.connected).toBe(true);
  });

  it('replaces only the cards an update names, and keeps the graph version', () => {
    const first = applyMessage(emptyState(), snapshot([cardOf('a', 'pending'), cardOf('b', 'waiting', ['a'])]), 1000);
    const next = applyMessage(first, { type: 'update', now: 1100, running: true, cards: [cardOf('a', 'running'), cardOf('ghost', 'done')], totals }, 1100);
    expect(next.cards.get('a')!.status).toBe('running');
    expect(next.cards.get('b')).toBe(first.cards.get('b'));
    expect(next.cards.has('ghost')).toBe(false);
    expect(next.graphVersion).toBe(first.graphVersion);
  });

  it('lays the graph out again only when ids or deps change', () => {
    const first = applyMessage(emptyState(), snapshot([cardOf('a', 'pending'), cardOf('b', 'waiting', ['a'])]), 1000);
    const same = applyMessage(first, snapshot([cardOf('a', 'done'), cardOf('b', 'pending', ['a'])]), 1000);
    expect(same.graphVersion).toBe(first.graphVersion);
    const changed = applyMessage(same, snapshot([cardOf('a', 'done'), cardOf('b', 'pending')]), 1000);
    expect(changed.graphVersion).toBe(first.graphVersion + 1);
  });

  it.each([
    ['running', true, ['cancel']],
    ['failed', false, ['retry']],
    ['done', false, ['reset']],
    ['awaiting-approval', true, ['approve', 'reject']],
    ['waiting', true, []],
  ])('offers the right controls for a %s card', (status, running, controls) => {
    expect(controlsFor(status, running)).toEqual(controls);
  });

  it('counts a running card\'s elapsed time to now, an ended one\'s to its end', () => {
    expect(elapsedMs({ ...cardOf('a', 'running'), startedAt: 100 }, 350)).toBe(250);
    expect(elapsedMs({ ...cardOf('a', 'done'), startedAt: 100, endedAt: 200 }, 999)).toBe(100);
    expect(elapsedMs(cardOf('a', 'pending'), 999)).toBeUndefined();
  });
});
