import type { Nodes, Root, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { cardView, countsOf, sampleView, T0 } from '../../test/fixtures/report/run-view.js';
import { STATUSES, type CardStatus } from '../scheduler/status.js';
import { renderStatusMarkdown } from './status-table.js';
import { statusCountsLine } from './summary.js';
import type { RunView } from './view.js';

const parse = (markdown: string): Root => unified().use(remarkParse).use(remarkGfm).parse(markdown);
const plain = (node: Nodes): string => ('value' in node ? node.value : 'children' in node ? node.children.map(plain).join('') : '');
const rowsOf = (tree: Root): string[][] => {
  const table = tree.children.find((n): n is Table => n.type === 'table');
  return table ? table.children.map((row) => row.children.map(plain)) : [];
};
const linksOf = (tree: Root): string[] => {
  const out: string[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'link') out.push(node.url);
    if ('children' in node) node.children.forEach(visit);
  };
  visit(tree);
  return out;
};

describe('renderStatusMarkdown', () => {
  const view = sampleView();
  const tree = parse(renderStatusMarkdown(view));

  it('starts with a heading and a summary line of counts, elapsed time and cost', () => {
    expect(tree.children[0]).toMatchObject({ type: 'heading', depth: 1 });
    const text = tree.children.filter((n) => n.type === 'paragraph').map(plain);
    expect(text).toContain('✅ 8 done · ❌ 1 failed · ⛔ 1 blocked · elapsed 1m30s · cost $0.30');
  });

  it('has one row per card with the status, id, title, agent, deps, attempts, duration, cost and result', () => {
    const rows = rowsOf(tree);
    expect(rows[0]).toEqual(['Status', 'Card', 'Title', 'Agent', 'Deps', 'Attempts', 'Duration', 'Cost', 'Result']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(view.cards.map((c) => c.id));
    expect(rows[1]).toEqual(['✅ done', 'T-01', 'Inventory the code', 'claude', '—', '1', '40s', '$0.05', 'result']);
    expect(rows[5]).toEqual(['⛔ blocked', 'T-05', 'Deploy', 'claude', 'T-03', '—', '—', '—', 'blocked by T-03']);
  });

  it('links cards, results and logs relative to .orchestrator/, where status.md lives', () => {
    const links = linksOf(tree);
    expect(links).toContain('tasks/T-01.md');
    expect(links).toContain('results/T-01.md');
    expect(links).toContain('logs/T-03.3.log');
    expect(links.filter((l) => l.startsWith('results/'))).toHaveLength(view.cards.filter((c) => c.status === 'done').length);
    expect(links.every((l) => !l.startsWith('.orchestrator'))).toBe(true);
  });

  it('keeps one row per card when a title has pipes and newlines', () => {
    const odd: RunView = { ...view, cards: [cardView({ id: 'X', title: 'a | b\nc', status: 'waiting' })] };
    expect(rowsOf(parse(renderStatusMarkdown(odd)))).toEqual([
      expect.any(Array),
      ['⏳ waiting', 'X', 'a | b c', 'claude', '—', '1', '—', '—', ''],
    ]);
  });

  it('counts a running card up to the view time, never the clock', () => {
    const card = cardView({ id: 'R', status: 'running', startedAt: T0, attempts: 1 });
    const running: RunView = { ...view, running: true, endedAt: undefined, asOf: T0 + 65_000, cards: [card], counts: countsOf([card]) };
    const out = renderStatusMarkdown(running);
    expect(rowsOf(parse(out))[1]?.[6]).toBe('1m05s');
    expect(out).toContain('🏃 1 running · elapsed 1m05s (running)');
  });

  it('adds Worker and Workspace columns, before Result, only when a card ran on a worker or in a worktree', () => {
    const merged = cardView({ id: 'A', worker: 'build-2', changes: { files: 3, added: 10, removed: 2, commit: 'abc1234def', branch: 'orch/card/A', merge: 'merged' } });
    const kept = cardView({ id: 'B', status: 'failed', worktree: { path: '/wt/B', branch: 'orch/card/B' } });
    const plainCard = cardView({ id: 'C' });
    const cards = [merged, kept, plainCard];
    const rows = rowsOf(parse(renderStatusMarkdown({ ...view, cards, counts: countsOf(cards) })));
    expect(rows[0]).toEqual(['Status', 'Card', 'Title', 'Agent', 'Deps', 'Attempts', 'Duration', 'Cost', 'Worker', 'Workspace', 'Result']);
    expect(rows[1]!.slice(8, 10)).toEqual(['build-2', 'orch/card/A @ abc1234 · 3 files +10 −2']);
    expect(rows[2]!.slice(8, 10)).toEqual(['—', 'orch/card/B · worktree kept']);
    expect(rows[3]!.slice(8, 10)).toEqual(['—', '—']);
    const local = [merged, plainCard].map(({ worker: _w, ...c }) => c);
    expect(rowsOf(parse(renderStatusMarkdown({ ...view, cards: local, counts: countsOf(local) })))[0]).toEqual(
      ['Status', 'Card', 'Title', 'Agent', 'Deps', 'Attempts', 'Duration', 'Cost', 'Workspace', 'Result'],
    );
  });

  it('prints no table when there are no cards', () => {
    const empty: RunView = { ...view, cards: [], counts: countsOf([]), startedAt: undefined, endedAt: undefined, asOf: 0 };
    expect(renderStatusMarkdown(empty)).toBe(
      '# Status\n\nReview the TypeScript project for quality, security and performance\n\nno cards · not started · cost $0.30\n',
    );
  });
});

describe('statusCountsLine', () => {
  const zero = countsOf([]);
  it.each<[string, Partial<Record<CardStatus, number>>, string]>([
    ['says so when there are no cards', {}, 'no cards'],
    ['shows only the statuses that have cards', { done: 2 }, '✅ 2 done'],
    ['keeps the status order', { blocked: 1, done: 3, running: 2 }, '🏃 2 running · ✅ 3 done · ⛔ 1 blocked'],
    ['shows every status with its emoji', Object.fromEntries(STATUSES.map((s) => [s, 1])), '⏳ 1 waiting · ✋ 1 awaiting-approval · 🔜 1 pending · 🏃 1 running · 🔁 1 retrying · ✅ 1 done · ❌ 1 failed · ⛔ 1 blocked · 🚫 1 cancelled'],
  ])('%s', (_name, counts, expected) => {
    expect(statusCountsLine({ ...zero, ...counts })).toBe(expected);
  });
});
