import { describe, expect, it } from 'vitest';
import { cardView } from '../../test/fixtures/report/run-view.js';
import { workspaceLabel } from './status-rows.js';
import type { CardView } from './view.js';

describe('workspaceLabel', () => {
  it.each<[string, Partial<CardView>, string | undefined]>([
    ['a card in the project tree', {}, undefined],
    ['a merged card', { changes: { files: 3, added: 1200, removed: 2, commit: 'abc1234def', branch: 'orch/card/X', merge: 'merged' } }, 'orch/card/X @ abc1234 · 3 files +1,200 −2'],
    ['a card that changed nothing', { changes: { files: 0, added: 0, removed: 0, commit: 'abc1234def', branch: 'orch/card/X', merge: 'nothing' } }, 'orch/card/X · no changes'],
    ['a conflict, its branch from the kept worktree', { status: 'failed', changes: { files: 1, added: 0, removed: 0, merge: 'conflict', conflicts: ['a.txt'] }, worktree: { path: '/wt/X', branch: 'orch/card/X' } }, 'orch/card/X · conflict in a.txt'],
    ['a merge verify failure', { status: 'failed', changes: { files: 1, added: 2, removed: 1, branch: 'orch/card/X', merge: 'verify_failed' } }, 'orch/card/X · 1 file +2 −1 · merge verify failed'],
    ['a card running in its worktree', { status: 'running', worktree: { path: '/wt/X', branch: 'orch/card/X' } }, 'orch/card/X'],
    ['a failed card whose worktree stays', { status: 'failed', worktree: { path: '/wt/X', branch: 'orch/card/X' } }, 'orch/card/X · worktree kept'],
  ])('%s', (_name, partial, expected) => {
    expect(workspaceLabel(cardView({ id: 'X', ...partial }))).toBe(expected);
  });
});
