import { describe, expect, it } from 'vitest';
import type { Card } from '../cards/card.js';
import { parseCard } from '../cards/parse.js';
import { defaultConfig } from '../config/parse.js';
import { buildGraph } from '../graph/build.js';
import type { CardChanged, LogEvent } from './events.js';
import { viewOf } from './view-of.js';

function card(id: string, extra = ''): Card {
  const parsed = parseCard(`---\nid: ${id}\n${extra}---\nDo ${id}.\n`, `.orchestrator/tasks/${id}.md`);
  if (!parsed.card) throw new Error(`bad card ${id}`);
  return parsed.card;
}

const OPTIONS = { relPath: (kind: 'result' | 'log', id: string, n?: number) => (kind === 'log' ? `logs/${id}.${n}.log` : `results/${id}.md`), running: false };
const run = 'r1';
const started: LogEvent = { type: 'run-started', t: 0, run, pid: 1, host: 'h', concurrency: 2 };
const ended: LogEvent = { type: 'run-ended', t: 100, run, exitCode: 0, reason: 'finished' };
const step = (card: string, from: CardChanged['from'], to: CardChanged['to'], t: number, extra: Partial<CardChanged> = {}): CardChanged =>
  ({ type: 'card', t, run, card, from, to, ...extra });

function view(cards: Card[], events: LogEvent[]) {
  return viewOf([started, ...events, ended], buildGraph(cards).graph, defaultConfig(), OPTIONS);
}

describe('viewOf', () => {
  it('names the agent of the attempt that succeeded, and charges each attempt to its own agent', () => {
    const out = view([card('A')], [
      step('A', 'pending', 'running', 1, { attempt: 1, agent: 'claude' }),
      step('A', 'running', 'retrying', 2, { attempt: 1, agent: 'claude', errorKind: 'usage_limit', message: 'limit', costUsd: 0.1 }),
      step('A', 'retrying', 'running', 3, { attempt: 2, agent: 'codex' }),
      step('A', 'running', 'done', 9, { attempt: 2, agent: 'codex', costUsd: 0.5, tokens: { input: 10, output: 2 } }),
    ]);
    expect(out.cards[0]).toMatchObject({ agent: 'claude', doneBy: 'codex', status: 'done', attempts: 2 });
    expect(out.agents).toEqual([
      { agent: 'claude', attempts: 1, costUsd: 0.1, tokens: { input: 0, output: 0 }, timeMs: 1 },
      { agent: 'codex', attempts: 1, costUsd: 0.5, tokens: { input: 10, output: 2 }, timeMs: 6 },
    ]);
  });

  it('names no agent for a card that did not end done', () => {
    const out = view([card('A')], [
      step('A', 'pending', 'running', 1, { attempt: 1, agent: 'claude' }),
      step('A', 'running', 'failed', 2, { attempt: 1, agent: 'claude', errorKind: 'exit', message: 'exited 1' }),
    ]);
    expect(out.cards[0]!.doneBy).toBeUndefined();
  });

  it.each([
    ['a command card', 'agent: command\ncommand: ls\n', 'text'],
    ['a model card', '', undefined],
    ['a command card with format: markdown', 'agent: command\ncommand: ls\nformat: markdown\n', undefined],
    ['a model card with format: text', 'format: text\n', 'text'],
  ])('shows the result of %s as %s', (_name, extra, format) => {
    const c = card('A', extra);
    if (/format: (\w+)/.test(extra)) (c as { format?: string }).format = /format: (\w+)/.exec(extra)![1];
    expect(view([c], []).cards[0]!.format).toBe(format);
  });

  it('folds merged and merge-failed records into the card\'s changes; a new first attempt clears them', () => {
    const merged: LogEvent = { type: 'merged', t: 10, run, card: 'A', commit: 'abc123', branch: 'orch/card/A', files: 3, added: 40, removed: 2 };
    const nothing: LogEvent = { type: 'merged', t: 10, run, card: 'B', commit: 'abc123', branch: 'orch/card/B', files: 0, added: 0, removed: 0 };
    const conflict: LogEvent = { type: 'merge-failed', t: 11, run, card: 'C', kind: 'conflict', files: ['src/a.ts'], message: 'conflict in src/a.ts' };
    const out = view([card('A'), card('B'), card('C'), card('D')], [merged, nothing, conflict]);
    expect(out.cards.map((c) => c.changes)).toEqual([
      { files: 3, added: 40, removed: 2, commit: 'abc123', branch: 'orch/card/A', merge: 'merged' },
      { files: 0, added: 0, removed: 0, commit: 'abc123', branch: 'orch/card/B', merge: 'nothing' },
      { files: 1, added: 0, removed: 0, merge: 'conflict', conflicts: ['src/a.ts'], message: 'conflict in src/a.ts' },
      undefined,
    ]);
    const rerun = view([card('A')], [merged, step('A', 'pending', 'running', 20, { attempt: 1, agent: 'claude' })]);
    expect(rerun.cards[0]!.changes).toBeUndefined();
    const reset = view([card('A')], [merged, { type: 'card-reset', t: 20, card: 'A' }]);
    expect(reset.cards[0]!.changes).toBeUndefined();
  });

  it('names the worker of each attempt and of the card, and keeps the card\'s worktree until it is removed', () => {
    const out = view([card('A'), card('B'), card('C')], [
      step('A', 'pending', 'running', 1, { attempt: 1, agent: 'claude' }),
      { type: 'spawned', t: 1, run, card: 'A', attempt: 1, pid: 5, worker: 'w1' },
      step('A', 'running', 'retrying', 2, { attempt: 1, agent: 'claude', errorKind: 'crash', message: 'gone' }),
      step('A', 'retrying', 'running', 3, { attempt: 2, agent: 'claude' }),
      { type: 'spawned', t: 3, run, card: 'A', attempt: 2, pid: 6, worker: 'w2' },
      { type: 'spawned', t: 4, run, card: 'A', attempt: 2, pid: 7, worker: 'w3', recoveredFrom: 'w2' },
      step('B', 'pending', 'running', 1, { attempt: 1, agent: 'claude' }),
      { type: 'worktree-created', t: 1, run, card: 'B', attempt: 1, path: '/wt/B', branch: 'orch/card/B', base: 'b0' },
      { type: 'spawned', t: 1, run, card: 'B', attempt: 1, pid: 8 },
      step('B', 'running', 'failed', 2, { attempt: 1, agent: 'claude', errorKind: 'exit', message: 'exit 1' }),
      step('C', 'pending', 'running', 1, { attempt: 1, agent: 'claude' }),
      { type: 'worktree-created', t: 1, run, card: 'C', attempt: 1, path: '/wt/C', branch: 'orch/card/C', base: 'b0' },
      { type: 'worktree-removed', t: 2, run, card: 'C', path: '/wt/C', branch: 'orch/card/C' },
      { type: 'worktree-created', t: 2, run, card: 'C', attempt: 1, path: '/wt/_read/C.1', base: 'b0' },
    ]);
    expect(out.attempts.filter((a) => a.card === 'A').map((a) => [a.attempt, a.worker, a.recoveredFrom])).toEqual([[1, 'w1', undefined], [2, 'w3', 'w2']]);
    expect(out.cards.map((c) => [c.worker, c.worktree])).toEqual([
      ['w3', undefined],
      [undefined, { path: '/wt/B', branch: 'orch/card/B' }],
      [undefined, undefined],
    ]);
    const reset = view([card('B')], [
      { type: 'worktree-created', t: 1, run, card: 'B', attempt: 1, path: '/wt/B', branch: 'orch/card/B', base: 'b0' },
      { type: 'card-reset', t: 20, card: 'B' },
    ]);
    expect(reset.cards[0]!.worktree).toBeUndefined();
  });
});
