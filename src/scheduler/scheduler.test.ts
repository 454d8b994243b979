import { describe, expect, it } from 'vitest';
import { card } from '../graph/build.test.js';
import { buildGraph } from '../graph/build.js';
import { defaultConfig } from '../config/parse.js';
import { harness } from '../../test/scheduler-harness.js';

describe('Scheduler', () => {
  it('starts a dependent the moment its last dep is done, without waiting for the level', () => {
    const h = harness([card('a'), card('slow'), card('b', ['a'])], { concurrency: 4 });
    expect(h.started(h.step({ type: 'start', now: 0 }))).toEqual(['a#1', 'slow#1']);
    expect(h.started(h.ok(5, 'a'))).toEqual(['b#1']);
    h.ok(6, 'b');
    expect(h.finish()).toBeUndefined();
    h.ok(100, 'slow');
    expect(h.finish()).toMatchObject({ exitCode: 0 });
  });

  it('starts the longest remaining path first, then priority, then id', () => {
    const h = harness([card('x'), card('y', [], 'priority: -1\n'), card('chain1'), card('chain2', ['chain1'])], { concurrency: 1 });
    expect(h.started(h.step({ type: 'start', now: 0 }))).toEqual(['chain1#1']);
    expect(h.started(h.ok(1, 'chain1'))).toEqual(['y#1']);
    expect(h.started(h.ok(2, 'y'))).toEqual(['chain2#1']);
    expect(h.started(h.ok(3, 'chain2'))).toEqual(['x#1']);
  });

  it('never runs more than the concurrency, nor more than an agent allows', () => {
    const cards = ['a', 'b', 'c', 'd', 'e'].map((id) => card(id, [], 'agent: lint\n'));
    const config = defaultConfig();
    config.agents.lint = { ...config.agents.command!, name: 'lint', maxConcurrent: 2 };
    const h = harness(cards, { concurrency: 4, config: { agents: config.agents } });
    expect(h.started(h.step({ type: 'start', now: 0 }))).toHaveLength(2);
    expect(h.started(h.ok(1, 'a'))).toEqual(['c#1']);
  });

  it('retries after an exponential backoff with jitter and says why in the next start', () => {
    const h = harness([card('a', [], 'retries: 2\n')]);
    h.step({ type: 'start', now: 0 });
    h.fail(100, 'a', 1, { message: 'boom', detail: 'log tail' });
    expect(h.records().at(-1)).toMatchObject({ to: 'retrying', retryAt: 5100, errorKind: 'exit' });
    expect(h.scheduler.nextWakeAt()).toBe(5100);
    expect(h.started(h.step({ type: 'tick', now: 5099 }))).toEqual([]);
    const out = h.step({ type: 'tick', now: 5100 });
    expect(out.find((e) => e.type === 'start')).toMatchObject({ attempt: 2, failure: { kind: 'exit', message: 'boom', detail: 'log tail' } });
    h.fail(5200, 'a', 2, {});
    expect(h.records().at(-1)).toMatchObject({ to: 'retrying', retryAt: 5200 + 10_000 });
    h.step({ type: 'tick', now: 15_200 });
    h.fail(15_300, 'a', 3, {});
    expect(h.records().at(-1)).toMatchObject({ to: 'failed' });
    expect(h.finish()).toMatchObject({ exitCode: 1 });
  });

  it('fails at once on a permanent error and blocks only the dependents', () => {
    const h = harness([card('a'), card('b', ['a']), card('c', ['b']), card('free')]);
    h.step({ type: 'start', now: 0 });
    h.fail(1, 'a', 1, { errorKind: 'not_found', message: 'agent "x": executable "x" not found on PATH' });
    const blocked = h.records().filter((r) => r.to === 'blocked').map((r) => [r.card, r.blockedBy]);
    expect(blocked).toEqual([['b', 'a'], ['c', 'a']]);
    expect(h.finish()).toBeUndefined();
    h.ok(2, 'free');
    expect(h.finish()).toMatchObject({ exitCode: 1 });
  });

  it('halves an agent on a rate limit and grows it back by one per success', () => {
    const cards = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => card(id, [], 'retries: 3\n'));
    const h = harness(cards, { concurrency: 4 });
    h.step({ type: 'start', now: 0 });
    h.fail(1, 'a', 1, { errorKind: 'rate_limit' });
    const limits = () => h.effects.flatMap((e) => (e.type === 'record' && e.event.type === 'agent-throttled' ? [e.event.limit] : []));
    expect(limits()).toEqual([2]);
    expect(h.started(h.ok(2, 'b'))).toEqual(['e#1']);
    expect(limits()).toEqual([2, 3]);
  });

  it('pauses an agent until a usage limit resets without charging the attempt', () => {
    const h = harness([card('a', [], 'retries: 0\n')]);
    h.step({ type: 'start', now: 0 });
    h.fail(10, 'a', 1, { errorKind: 'usage_limit', retryAt: 60_000 });
    expect(h.records().at(-1)).toMatchObject({ to: 'retrying', retryAt: 60_000 });
    expect(h.started(h.step({ type: 'tick', now: 60_000 }))).toEqual(['a#2']);
  });

  it('never runs two cards whose writes overlap at the same time, and runs the next card instead', () => {
    const h = harness([card('w1', [], 'writes: [src/auth/**]\n'), card('w2', [], 'outputs: [src/auth/login.ts]\n'), card('other')], { concurrency: 4 });
    expect(h.started(h.step({ type: 'start', now: 0 }))).toEqual(['other#1', 'w1#1']);
    expect(h.started(h.ok(1, 'w1'))).toEqual(['w2#1']);
  });

  it('skips a card whose fingerprint and result are unchanged, and reruns it when a dep result changes', () => {
    const first = harness([card('a'), card('b', ['a'])]);
    first.step({ type: 'start', now: 0 });
    first.ok(1, 'a', 1, 'A1');
    first.ok(2, 'b', 1, 'B1');
    const previous = new Map(first.records().filter((r) => r.to === 'done').map((r) => [r.card, { fingerprint: r.fingerprint!, resultHash: r.resultHash! }]));

    const again = harness([card('a'), card('b', ['a'])], { previous, existing: new Set(['a', 'b']) });
    again.step({ type: 'start', now: 0 });
    expect(again.started()).toEqual([]);
    expect(again.records().map((r) => [r.card, r.to, r.upToDate])).toEqual([['a', 'done', true], ['b', 'done', true]]);
    expect(again.finish()).toMatchObject({ exitCode: 0 });

    const edited = harness([card('a', [], 'priority: 1\n'), card('b', ['a'])], { previous, existing: new Set(['a', 'b']) });
    expect(edited.started(edited.step({ type: 'start', now: 0 }))).toEqual(['a#1']);
    expect(edited.started(edited.ok(1, 'a', 1, 'A1'))).toEqual([]);
    expect(edited.records().at(-1)).toMatchObject({ card: 'b', to: 'done', upToDate: true });

    const changed = harness([card('a', [], 'priority: 1\n'), card('b', ['a'])], { previous, existing: new Set(['a', 'b']) });
    changed.step({ type: 'start', now: 0 });
    expect(changed.started(changed.ok(1, 'a', 1, 'A2'))).toEqual(['b#1']);
  });

  it('stops every running attempt on interrupt, charges nothing, and ends with 130', () => {
    const h = harness([card('a'), card('b'), card('c', ['a'])]);
    h.step({ type: 'start', now: 0 });
    const out = h.step({ type: 'interrupt', now: 5 });
    expect(out.filter((e) => e.type === 'stop').map((e) => (e.type === 'stop' ? e.card : ''))).toEqual(['a', 'b']);
    h.fail(6, 'a', 1, { errorKind: 'interrupted' });
    h.fail(7, 'b', 1, { errorKind: 'interrupted' });
    expect(h.records().filter((r) => r.to === 'cancelled').map((r) => r.card)).toEqual(['a', 'b']);
    expect(h.started()).toEqual(['a#1', 'b#1']);
    expect(h.finish()).toMatchObject({ exitCode: 130, reason: 'interrupted' });
  });

  it('starts nothing new after the first failure with fail-fast', () => {
    const h = harness([card('a', [], 'retries: 0\n'), card('b'), card('c')], { concurrency: 2, failFast: true });
    h.step({ type: 'start', now: 0 });
    expect(h.started(h.fail(1, 'a', 1, {}))).toEqual([]);
    h.ok(2, 'b');
    expect(h.records().at(-1)).toMatchObject({ card: 'c', to: 'cancelled' });
    expect(h.finish()).toMatchObject({ exitCode: 1, reason: 'fail-fast' });
  });

  it('starts no new attempt once the budget is spent', () => {
    const h = harness([card('a'), card('b', ['a'])], { config: { budget: { maxCostUsd: 1 } } });
    h.step({ type: 'start', now: 0 });
    h.step({ type: 'attempt-ended', now: 1, card: 'a', attempt: 1, outcome: { ok: true, durationMs: 1, resultHash: 'x', costUsd: 1.5 } });
    expect(h.started()).toEqual(['a#1']);
    expect(h.finish()).toMatchObject({ exitCode: 1, reason: 'budget' });
  });

  it('picks up cards added during the run and drops a removed pending card', () => {
    const a = card('a');
    const h = harness([a, card('gone', ['a'])], { concurrency: 1 });
    h.step({ type: 'start', now: 0 });
    const graph = buildGraph([a, card('new', ['a'])]).graph;
    h.step({ type: 'cards-changed', now: 1, graph, rejected: [] });
    expect(h.started(h.ok(2, 'a'))).toEqual(['new#1']);
    h.ok(3, 'new');
    expect(h.finish()).toMatchObject({ exitCode: 0 });
  });

  it('ends with exit 2 when a card added during the run does not validate, though every valid card is done', () => {
    const a = card('a');
    const h = harness([a]);
    h.step({ type: 'start', now: 0 });
    h.step({ type: 'cards-changed', now: 1, graph: buildGraph([a]).graph, rejected: [{ file: 'bad.md', message: 'line 2: bad YAML' }] });
    h.ok(2, 'a');
    expect(h.finish()).toMatchObject({ exitCode: 2 });
    expect(h.effects.filter((e) => e.type === 'record' && e.event.type === 'card-rejected')).toHaveLength(1);
  });

  it('stops a running card that is edited, charges nothing, and runs the new version; its dependent waits for it', () => {
    const a = card('a');
    const h = harness([a, card('b', ['a'])]);
    h.step({ type: 'start', now: 0 });
    const edited = { ...a, hash: 'a-v2', body: 'Do a, better.' };
    const out = h.step({ type: 'cards-changed', now: 1, graph: buildGraph([edited, card('b', ['a'])]).graph, rejected: [] });
    expect(out).toContainEqual({ type: 'stop', card: 'a', reason: 'card-edited' });
    const restarted = h.step({ type: 'attempt-ended', now: 2, card: 'a', attempt: 1, outcome: { ok: false, durationMs: 1, errorKind: 'interrupted' } });
    const start = restarted.find((e) => e.type === 'start');
    expect(start).toMatchObject({ attempt: 2, card: { body: 'Do a, better.' } });
    expect(h.records().filter((r) => r.card === 'a' && r.to === 'failed')).toEqual([]);
    expect(h.started(h.ok(3, 'a', 2))).toEqual(['b#1']);
  });

  it('runs the new version of a card edited after it ended in this run, and what depends on it', () => {
    const a = card('a');
    const h = harness([a, card('b', ['a'])]);
    h.step({ type: 'start', now: 0 });
    h.ok(1, 'a');
    h.ok(2, 'b');
    expect(h.finish()).toBeDefined();
    const edited = { ...a, hash: 'a-v2' };
    expect(h.started(h.step({ type: 'cards-changed', now: 3, graph: buildGraph([edited, card('b', ['a'])]).graph, rejected: [] }))).toEqual(['a#2']);
    expect(h.started(h.ok(4, 'a', 2, 'h-a2'))).toEqual(['b#2']);
  });
});
