import type { Heading, Nodes, Root, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { cardView, countsOf, sampleView } from '../../test/fixtures/report/run-view.js';
import { statusJson } from '../cli/commands/status.js';
import { renderReport } from './report.js';
import { renderStatusMarkdown } from './status-table.js';
import type { CardView, RunView } from './view.js';

const parse = (markdown: string): Root => unified().use(remarkParse).use(remarkGfm).parse(markdown);
const plain = (node: Nodes): string => ('value' in node ? node.value : 'children' in node ? node.children.map(plain).join('') : '');
const viewWith = (cards: CardView[]): RunView => ({ ...sampleView(), cards, counts: countsOf(cards), attempts: [], incidents: [] });
const h2 = (tree: Root): string[] => tree.children.filter((n): n is Heading => n.type === 'heading' && n.depth === 2).map(plain);

describe('the Changes section', () => {
  it('is not there when no card has changes', () => {
    expect(h2(parse(renderReport(viewWith([cardView({ id: 'A' })]), () => 'ok')))).not.toContain('Changes');
  });

  it('lists each card with changes: files, lines, merge result and commit, after the timeline', () => {
    const cards = [
      cardView({ id: 'A', changes: { files: 3, added: 1200, removed: 2, commit: '0123456789abcdef', branch: 'orch/card/A', merge: 'merged' } }),
      cardView({ id: 'B', changes: { files: 0, added: 0, removed: 0, merge: 'nothing' } }),
      cardView({ id: 'C', status: 'failed', changes: { files: 2, added: 5, removed: 1, branch: 'orch/card/C', merge: 'conflict', conflicts: ['src/a.ts'], message: 'both changed' } }),
      cardView({ id: 'D', status: 'failed', changes: { files: 1, added: 1, removed: 0, merge: 'verify_failed', message: 'npm test: 2 failed' } }),
      cardView({ id: 'E' }),
    ];
    const tree = parse(renderReport(viewWith(cards), () => 'ok'));
    expect(h2(tree).slice(0, 4)).toEqual(['Summary', 'Graph', 'Timeline', 'Changes']);
    const start = tree.children.findIndex((n) => n.type === 'heading' && plain(n) === 'Changes');
    expect(plain(tree.children[start + 1]!)).toBe('1 card merged: 3 files changed, +1,200 −2 lines.');
    const table = tree.children[start + 2] as Table;
    expect(table.children.map((row) => row.children.map(plain))).toEqual([
      ['Card', 'Files', 'Added', 'Removed', 'Merge', 'Commit'],
      ['A', '3', '+1,200', '−2', '✅ merged', '0123456789ab on orch/card/A'],
      ['B', '0', '+0', '−0', 'nothing to merge', '—'],
      ['C', '2', '+5', '−1', '⚠️ conflict in src/a.ts: both changed', 'orch/card/C'],
      ['D', '1', '+1', '−0', '❌ merge verify failed: npm test: 2 failed', '—'],
    ]);
  });
});

describe('a failed worktree card in the report', () => {
  it('names its worker and its kept worktree in Failures, and both in the cards table', () => {
    const cards = [cardView({ id: 'A', status: 'failed', worker: 'build-2', worktree: { path: '/wt/A', branch: 'orch/card/A' }, lastError: { kind: 'exit', message: 'exit 1' } })];
    const tree = parse(renderReport(viewWith(cards), () => undefined));
    const start = tree.children.findIndex((n) => n.type === 'heading' && plain(n) === 'Failures');
    expect(plain(tree.children[start + 1]!)).toBe(
      'A · A: ❌ failed after 1 attempt (exit): exit 1. Ran on worker build-2. Its worktree is kept: /wt/A on orch/card/A (orch diff A shows it, orch reset A removes it).',
    );
    const table = tree.children.find((n): n is Table => n.type === 'table')!;
    expect(table.children.map((row) => row.children.slice(8, 10).map(plain))).toEqual([['Worker', 'Workspace'], ['build-2', 'orch/card/A · worktree kept']]);
  });
});

describe('the agent that did the work', () => {
  it('shows in the cards table when a fallback agent did it', () => {
    const cards = [cardView({ id: 'A', agent: 'claude', doneBy: 'codex' }), cardView({ id: 'B', agent: 'claude', doneBy: 'claude' })];
    const table = parse(renderStatusMarkdown(viewWith(cards))).children.find((n): n is Table => n.type === 'table')!;
    expect(table.children.slice(1).map((row) => plain(row.children[3]!))).toEqual(['claude → codex', 'claude']);
  });

  it('and the changes are in orch status --json', () => {
    const changes = { files: 1, added: 2, removed: 0, commit: 'abc', branch: 'orch/card/A', merge: 'merged' as const };
    const json = JSON.parse(statusJson(viewWith([cardView({ id: 'A', doneBy: 'codex', changes }), cardView({ id: 'B' })])));
    expect(json.cards.map((c: { doneBy: string | null; changes: unknown }) => [c.doneBy, c.changes])).toEqual([['codex', changes], [null, null]]);
  });

  it('and the worker, the kept worktree and each attempt\'s worker are in orch status --json', () => {
    const worktree = { path: '/wt/A', branch: 'orch/card/A' };
    const view = viewWith([cardView({ id: 'A', status: 'failed', attempts: 2, worker: 'w2', worktree }), cardView({ id: 'B' })]);
    view.attempts = [
      { card: 'A', attempt: 1, agent: 'claude', startedAt: 1, endedAt: 2, ok: false, errorKind: 'crash', log: 'l1', worker: 'w1' },
      { card: 'B', attempt: 1, agent: 'claude', startedAt: 1, log: 'l' },
      { card: 'A', attempt: 2, agent: 'claude', startedAt: 3, endedAt: 4, ok: false, errorKind: 'exit', log: 'l2', worker: 'w2', recoveredFrom: 'w3' },
    ];
    const json = JSON.parse(statusJson(view));
    expect(json.cards.map((c: { worker: unknown; worktree: unknown }) => [c.worker, c.worktree])).toEqual([['w2', worktree], [null, null]]);
    expect(json.cards[0].attemptDetails).toEqual([
      { attempt: 1, agent: 'claude', startedAt: 1, endedAt: 2, ok: false, errorKind: 'crash', worker: 'w1', recoveredFrom: null },
      { attempt: 2, agent: 'claude', startedAt: 3, endedAt: 4, ok: false, errorKind: 'exit', worker: 'w2', recoveredFrom: 'w3' },
    ]);
    expect(json.cards[1].attemptDetails).toEqual([{ attempt: 1, agent: 'claude', startedAt: 1, endedAt: null, ok: null, errorKind: null, worker: null, recoveredFrom: null }]);
  });
});

describe('a card with format: text', () => {
  it('has its result shown as written, in the report', () => {
    const cards = [cardView({ id: 'ls', format: 'text' })];
    const tree = parse(renderReport(viewWith(cards), () => '  1 package.json\n  2 src\n'));
    const code = tree.children.find((n) => n.type === 'code' && n.lang !== 'mermaid');
    expect(code).toMatchObject({ lang: 'text', value: '  1 package.json\n  2 src' });
  });
});
