import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/parse.js';
import { card } from '../graph/build.test.js';
import { buildGraph } from '../graph/build.js';
import type { LogEvent } from '../state/events.js';
import { viewOf, type ViewOptions } from '../state/view-of.js';
import { LiveFold } from './live-fold.js';

const graph = buildGraph([card('a'), card('b', ['a']), card('c', ['a']), card('d', ['b', 'c']), card('e')]).graph;
const config = defaultConfig();
const relPath: ViewOptions['relPath'] = (kind, id, attempt) => (kind === 'result' ? `results/${id}.md` : `logs/${id}.${attempt}.log`);
const run = 'r1';
const move = (t: number, id: string, from: string, to: string, extra: Partial<LogEvent> = {}): LogEvent =>
  ({ type: 'card', t, run, card: id, from, to, ...extra }) as LogEvent;

const scenarios: Record<string, LogEvent[]> = {
  'a chain that succeeds': [
    { type: 'run-started', t: 1, run, pid: 1, host: 'h', concurrency: 2 },
    move(2, 'a', 'pending', 'running', { attempt: 1, agent: 'fake' }),
    move(5, 'a', 'running', 'done', { attempt: 1, agent: 'fake', costUsd: 0.01, tokens: { input: 10, output: 5 }, durationMs: 3 }),
    move(6, 'b', 'pending', 'running', { attempt: 1, agent: 'fake' }),
    move(6, 'c', 'pending', 'running', { attempt: 1, agent: 'fake' }),
    move(9, 'b', 'running', 'done', { attempt: 1, agent: 'fake' }),
    { type: 'merged', t: 9, run, card: 'b', commit: 'abc', branch: 'orch/card/b', files: 2, added: 10, removed: 1 },
    move(9, 'c', 'running', 'done', { attempt: 1, agent: 'fake', upToDate: true }),
    move(10, 'd', 'pending', 'running', { attempt: 1, agent: 'fake' }),
    move(12, 'd', 'running', 'done', { attempt: 1, agent: 'fake' }),
    { type: 'run-ended', t: 13, run, exitCode: 0, reason: 'finished' },
  ],
  'a retry, a failure and what it blocks': [
    { type: 'run-started', t: 1, run, pid: 1, host: 'h', concurrency: 2 },
    move(2, 'a', 'pending', 'running', { attempt: 1, agent: 'fake' }),
    move(3, 'a', 'running', 'retrying', { attempt: 1, agent: 'fake', errorKind: 'rate_limit', message: '429', retryAt: 5 }),
    move(5, 'a', 'retrying', 'running', { attempt: 2, agent: 'fake' }),
    move(7, 'a', 'running', 'done', { attempt: 2, agent: 'fake', costUsd: 0.02 }),
    move(8, 'b', 'pending', 'running', { attempt: 1, agent: 'fake' }),
    move(9, 'b', 'running', 'failed', { attempt: 1, agent: 'fake', errorKind: 'exit', message: 'exit 1' }),
    move(9, 'd', 'waiting', 'blocked', { blockedBy: 'b' }),
    move(10, 'e', 'pending', 'running', { attempt: 1, agent: 'fake' }),
    move(11, 'e', 'running', 'cancelled', { attempt: 1, agent: 'fake', errorKind: 'interrupted', message: 'interrupted' }),
    { type: 'run-ended', t: 12, run, exitCode: 130, reason: 'interrupted' },
  ],
  'a reset and a second run': [
    { type: 'run-started', t: 1, run, pid: 1, host: 'h', concurrency: 2 },
    move(2, 'a', 'pending', 'running', { attempt: 1, agent: 'fake' }),
    move(3, 'a', 'running', 'done', { attempt: 1, agent: 'fake', tokens: { input: 3, output: 4 } }),
    { type: 'run-ended', t: 4, run, exitCode: 1, reason: 'finished' },
    { type: 'card-reset', t: 5, card: 'a' },
    { type: 'card-reset', t: 5, card: 'ghost' },
    { type: 'run-started', t: 6, run: 'r2', pid: 2, host: 'h', concurrency: 2 },
    move(7, 'a', 'pending', 'running', { attempt: 1, agent: 'fake', run: 'r2' }),
    { type: 'agent-throttled', t: 7, run: 'r2', agent: 'fake', limit: 1, reason: 'rate limit', card: 'a' },
  ],
  'worktrees kept and removed, attempts on remote workers': [
    { type: 'run-started', t: 1, run, pid: 1, host: 'h', concurrency: 2 },
    move(2, 'a', 'pending', 'running', { attempt: 1, agent: 'fake' }),
    { type: 'spawned', t: 2, run, card: 'a', attempt: 1, pid: 10, worker: 'w1' },
    { type: 'worktree-created', t: 2, run, card: 'a', attempt: 1, path: '/wt/a', branch: 'orch/card/a', base: 'b0' },
    { type: 'spawned', t: 3, run, card: 'a', attempt: 1, pid: 11, worker: 'w2', recoveredFrom: 'w1' },
    move(4, 'a', 'running', 'done', { attempt: 1, agent: 'fake' }),
    { type: 'merged', t: 4, run, card: 'a', commit: 'c1', branch: 'orch/card/a', files: 1, added: 2, removed: 0 },
    { type: 'worktree-removed', t: 4, run, card: 'a', path: '/wt/a', branch: 'orch/card/a' },
    move(5, 'b', 'pending', 'running', { attempt: 1, agent: 'fake' }),
    { type: 'worktree-created', t: 5, run, card: 'b', attempt: 1, path: '/wt/b', branch: 'orch/card/b', base: 'c1' },
    move(6, 'b', 'running', 'failed', { attempt: 1, agent: 'fake', errorKind: 'exit', message: 'exit 1' }),
    move(6, 'c', 'pending', 'running', { attempt: 1, agent: 'fake' }),
    { type: 'worktree-created', t: 6, run, card: 'c', attempt: 1, path: '/wt/_read/c.1', base: 'c1' },
    { type: 'spawned', t: 6, run, card: 'c', attempt: 1, pid: 12 },
    { type: 'run-ended', t: 7, run, exitCode: 1, reason: 'finished' },
  ],
};

describe('LiveFold', () => {
  it.each(Object.entries(scenarios))('gives the same card views and totals as viewOf after every event of %s', (_name, events) => {
    const live = new LiveFold(graph, config, relPath);
    events.forEach((e, i) => {
      live.apply(e);
      const view = viewOf(events.slice(0, i + 1), graph, config, { relPath, running: false });
      expect(live.cards()).toEqual(view.cards.map(({ blocks: _blocks, ...c }) => c));
      const totals = live.totals();
      expect({ counts: totals.counts, costUsd: totals.costUsd, tokens: totals.tokens, agentTimeMs: totals.agentTimeMs, startedAt: totals.startedAt, endedAt: totals.endedAt })
        .toEqual({ counts: view.counts, costUsd: view.costUsd, tokens: view.tokens, agentTimeMs: view.agentTimeMs, startedAt: view.startedAt, endedAt: view.endedAt });
    });
  });

  it('names the card and its dependents as changed, and nothing for run records or unknown cards', () => {
    const live = new LiveFold(graph, config, relPath);
    expect(live.apply({ type: 'run-started', t: 1, run, pid: 1, host: 'h', concurrency: 2 })).toEqual([]);
    expect(live.apply(move(2, 'a', 'pending', 'running', { attempt: 1 }))).toEqual(['a', 'b', 'c']);
    expect(live.apply(move(2, 'zz', 'pending', 'running', { attempt: 1 }))).toEqual([]);
  });

  it('keeps how each attempt ended, for the card panel', () => {
    const live = new LiveFold(graph, config, relPath);
    for (const e of scenarios['a retry, a failure and what it blocks']!) live.apply(e);
    expect(live.attemptsOf('a').map((a) => [a.attempt, a.end?.to, a.end?.message, a.end?.costUsd])).toEqual([[1, 'retrying', '429', undefined], [2, 'done', undefined, 0.02]]);
  });

  it('names the worker of each remote attempt, and knows which cards ran in a worktree', () => {
    const live = new LiveFold(graph, config, relPath);
    for (const e of scenarios['a retry, a failure and what it blocks']!.slice(0, 2)) live.apply(e);
    live.apply({ type: 'spawned', t: 2, run, card: 'a', attempt: 1, pid: 7, worker: 'box-1' });
    live.apply({ type: 'worktree-created', t: 2, run, card: 'a', attempt: 1, path: '/wt/a', branch: 'orch/card/a', base: 'abc' });
    for (const e of scenarios['a retry, a failure and what it blocks']!.slice(2, 4)) live.apply(e);
    live.apply({ type: 'spawned', t: 5, run, card: 'a', attempt: 2, pid: 8 });
    expect(live.attemptsOf('a').map((a) => [a.attempt, a.worker])).toEqual([[1, 'box-1'], [2, undefined]]);
    expect([live.ranInWorktree('a'), live.ranInWorktree('b')]).toEqual([true, false]);
    live.apply({ type: 'card-reset', t: 6, card: 'a' });
    expect(live.ranInWorktree('a')).toBe(false);
  });
});
