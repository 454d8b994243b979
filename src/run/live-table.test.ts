import { describe, expect, it } from 'vitest';
import type { CardView, RunView } from '../report/view.js';
import { STATUSES, type CardStatus } from '../scheduler/status.js';
import { textWidth } from '../report/text-width.js';
import { statusRows } from '../report/status-rows.js';
import { finishedOf, renderLiveFrame } from './live-table.js';

const card = (id: string, fields: Partial<CardView> = {}): CardView => ({
  id, title: `Title of ${id} that is long enough to be cut on a narrow terminal`, file: `.orchestrator/tasks/${id}.md`, agent: 'claude',
  deps: [], status: 'waiting', attempts: 0, final: false, report: true, ...fields,
});
const view = (cards: CardView[], asOf: number): RunView => {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<CardStatus, number>;
  for (const c of cards) counts[c.status]++;
  return { startedAt: 1000, asOf, running: true, counts, cards, attempts: [], incidents: [], costUsd: 0, tokens: { input: 0, output: 0 }, agentTimeMs: 0, agents: [] };
};
const event = (card: string, to: string, fields: object = {}) => ({ type: 'card', t: 0, run: 'r', card, from: 'running', to, attempt: 1, ...fields }) as never;

describe('renderLiveFrame', () => {
  const cards = [card('a', { status: 'running', attempts: 1, startedAt: 1000 }), card('b', { status: 'done', upToDate: true })];
  const finished = [finishedOf(event('b', 'done', { upToDate: true }))!];

  it('counts a running card up to the time it is drawn', () => {
    expect(renderLiveFrame(view(cards, 3000), finished, { width: 100, emoji: true })[1]).toMatch(/claude #1 2\.0s$/);
    expect(renderLiveFrame(view(cards, 9000), finished, { width: 100, emoji: true })[1]).toMatch(/claude #1 8\.0s$/);
  });

  it.each([40, 60, 160])('fits %i columns, cutting titles with an ellipsis', (width) => {
    const lines = renderLiveFrame(view(cards, 3000), finished, { width, emoji: true });
    for (const line of lines) expect(textWidth(line)).toBeLessThan(width);
    if (width < 100) expect(lines[1]).toContain('…');
  });

  it('says up to date for a skipped card, and counts them in the total', () => {
    const lines = renderLiveFrame(view(cards, 3000), finished, { width: 120, emoji: true });
    expect(lines[0]).toMatch(/^✅ b .*up to date$/);
    expect(lines.at(-1)).toMatch(/1 up to date$/);
  });

  it('prints no emoji in plain mode', () => {
    const text = renderLiveFrame(view(cards, 3000), finished, { width: 120, emoji: false }).join('\n');
    expect(text).not.toMatch(/\p{Emoji_Presentation}/u);
    expect(text).toMatch(/1 running/);
  });

  it('shows the latest five finished cards and says how many more run', () => {
    const many = Array.from({ length: 14 }, (_, i) => card(`r${i}`, { status: 'running', attempts: 1, startedAt: 1000 }));
    const ended = Array.from({ length: 8 }, (_, i) => finishedOf(event(`d${i}`, 'done', { durationMs: 1500 }))!);
    const lines = renderLiveFrame(view(many, 2000), ended, { width: 120, emoji: true });
    expect(lines.slice(0, 5).map((l) => l.split(/\s+/)[1])).toEqual(['d3', 'd4', 'd5', 'd6', 'd7']);
    expect(lines).toContain('  … and 4 more');
  });
});

describe('renderLiveFrame: worker and workspace', () => {
  const remote = [
    card('a', { status: 'running', attempts: 1, startedAt: 1000, worker: 'box-1', worktree: { path: '/wt/a', branch: 'orch/card/a' } }),
    card('b', { status: 'done', attempts: 1, durationMs: 1500, worker: 'box-2',
      changes: { files: 2, added: 5, removed: 1, commit: 'feedbeef00', branch: 'orch/card/b', merge: 'merged' } }),
  ];
  const ended = [finishedOf(event('b', 'done', { durationMs: 1500 }))!];

  it('shows the same Worker and Workspace cells as orch status, aligned, when a card has them', () => {
    const lines = renderLiveFrame(view(remote, 3000), ended, { width: 160, emoji: false });
    const rows = new Map(statusRows(view(remote, 3000)).map((r) => [r.id, r]));
    expect(lines[0]).toContain(`${rows.get('b')!.worker}  ${rows.get('b')!.workspace}`);
    expect(lines[0]).toContain('box-2  orch/card/b @ feedbee · 2 files +5 −1');
    expect(lines[1]).toContain('box-1  orch/card/a');
    expect(lines[0]!.indexOf('box-2')).toBe(lines[1]!.indexOf('box-1'));
    expect(lines[1]).toMatch(/claude #1 2\.0s$/);
  });

  it('adds no column to a run without workers or worktrees', () => {
    const lines = renderLiveFrame(view(cards(), 3000), [], { width: 160, emoji: false });
    expect(lines[0]).toMatch(/^> a {2}Title of a that is long enough to be cut on a narrow terminal {2}claude #1 2\.0s$/);
  });

  it.each([40, 60, 80])('fits %i columns, the time still at the end', (width) => {
    const lines = renderLiveFrame(view(remote, 3000), ended, { width, emoji: true });
    for (const line of lines) expect(textWidth(line)).toBeLessThan(width);
    expect(lines[1]).toMatch(/claude #1 2\.0s$/);
  });
});

function cards(): CardView[] {
  return [card('a', { status: 'running', attempts: 1, startedAt: 1000 })];
}
