import { describe, expect, it } from 'vitest';
import type { Card } from '../cards/card.js';
import { defaultConfig } from '../config/parse.js';
import { card } from '../graph/build.test.js';
import { harness } from '../../test/scheduler-harness.js';

const gated = (id: string, deps: string[] = []): Card => ({ ...card(id, deps), approve: true });
const always = (id: string, deps: string[]): Card => ({ ...card(id, deps), always: true });
const statusOf = (h: ReturnType<typeof harness>, id: string) => h.records().filter((r) => r.card === id).at(-1)?.to;

describe('approval gates', () => {
  it('holds an approve card at its gate once its deps are done, while a sibling branch runs on', () => {
    const h = harness([card('a'), gated('gate', ['a']), card('after', ['gate']), card('sibling')]);
    h.step({ type: 'start', now: 0 });
    h.ok(1, 'a');
    expect(statusOf(h, 'gate')).toBe('awaiting-approval');
    h.ok(2, 'sibling');
    expect(h.finish()).toBeUndefined(); // the run waits for a person
    expect(h.started(h.step({ type: 'control', now: 3, action: 'approve', card: 'gate' }))).toEqual(['gate#1']);
    expect(h.effects).toContainEqual(expect.objectContaining({ type: 'record', event: expect.objectContaining({ type: 'card-approval', card: 'gate', decision: 'approved' }) }));
    h.ok(4, 'gate');
    h.ok(5, 'after');
    expect(h.finish()).toMatchObject({ exitCode: 0 });
  });

  it('fails a rejected card, blocks only its dependents, and ends with exit 1', () => {
    const h = harness([gated('gate'), card('after', ['gate']), card('other')]);
    h.step({ type: 'start', now: 0 });
    h.step({ type: 'control', now: 1, action: 'reject', card: 'gate' });
    expect(h.records().find((r) => r.card === 'gate' && r.to === 'failed')).toMatchObject({ errorKind: 'rejected' });
    expect(statusOf(h, 'after')).toBe('blocked');
    h.ok(2, 'other');
    expect(h.finish()).toMatchObject({ exitCode: 1 });
  });

  it('takes an approval given before the run', () => {
    const h = harness([gated('gate')], { approvals: new Map([['gate', 'approved']]) });
    expect(h.started(h.step({ type: 'start', now: 0 }))).toEqual(['gate#1']);
  });
});

describe('controls', () => {
  it('cancels a running card at a person\'s request and blocks what depends on it', () => {
    const h = harness([card('a'), card('b', ['a'])]);
    h.step({ type: 'start', now: 0 });
    expect(h.step({ type: 'control', now: 1, action: 'cancel', card: 'a' })).toContainEqual({ type: 'stop', card: 'a', reason: 'cancel' });
    h.fail(2, 'a', 1, { errorKind: 'interrupted' });
    expect(statusOf(h, 'a')).toBe('cancelled');
    expect(statusOf(h, 'b')).toBe('blocked');
    expect(h.finish()).toMatchObject({ exitCode: 1 });
  });

  it('retries a failed card with its attempts counted afresh, and unblocks its dependents', () => {
    const h = harness([card('a'), card('b', ['a'])]);
    h.step({ type: 'start', now: 0 });
    h.fail(1, 'a', 1, { errorKind: 'bad_args' });
    expect(h.finish()).toBeDefined();
    expect(h.started(h.step({ type: 'control', now: 2, action: 'retry', card: 'a' }))).toEqual(['a#2']);
    expect(h.started(h.ok(3, 'a', 2))).toEqual(['b#1']);
  });

  it('resets a done card: it runs again whatever its fingerprint, and its dependent follows when the result changed', () => {
    const h = harness([card('a'), card('b', ['a'])]);
    h.step({ type: 'start', now: 0 });
    h.ok(1, 'a');
    h.ok(2, 'b');
    expect(h.started(h.step({ type: 'control', now: 3, action: 'reset', card: 'a' }))).toEqual(['a#2']);
    expect(h.started(h.ok(4, 'a', 2, 'h-a-new'))).toEqual(['b#2']);
  });

  it('ignores an action that does not fit the card\'s status', () => {
    const h = harness([card('a')]);
    h.step({ type: 'start', now: 0 });
    expect(h.step({ type: 'control', now: 1, action: 'reset', card: 'a' }).filter((e) => e.type !== 'finish')).toEqual([]);
  });
});

describe('always cards', () => {
  it('runs once its deps have ended, whatever their status, and is told which did not finish', () => {
    const h = harness([card('ok'), card('bad', [], 'retries: 0\n'), card('late', ['bad']), always('summary', ['ok', 'late'])]);
    h.step({ type: 'start', now: 0 });
    h.ok(1, 'ok');
    const out = h.fail(2, 'bad', 1, { errorKind: 'exit', message: 'exited with code 1' });
    const start = out.find((e) => e.type === 'start');
    expect(start).toMatchObject({ card: { id: 'summary' }, depResults: ['ok'], depsEnded: [{ id: 'late', status: 'blocked' }] });
    h.ok(3, 'summary');
    expect(h.finish()).toMatchObject({ exitCode: 1 });
  });
});

describe('fallback agents', () => {
  it('sends the next attempt to the next agent in the list when the first is not logged in, without charging it', () => {
    const config = defaultConfig();
    config.agents.second = { ...config.agents.command!, name: 'second', hash: 'second' };
    const c = { ...card('a'), agent: 'command', agents: ['command', 'second'] } as Card;
    const h = harness([c], { config: { agents: config.agents } });
    h.step({ type: 'start', now: 0 });
    const out = h.fail(1, 'a', 1, { errorKind: 'auth', message: 'not logged in' });
    expect(out.find((e) => e.type === 'start')).toMatchObject({ agent: 'second', attempt: 2 });
    expect(h.records().some((r) => r.to === 'failed')).toBe(false);
    h.ok(2, 'a', 2);
    expect(h.records().find((r) => r.to === 'done')).toMatchObject({ agent: 'second' });
  });
});
