import { describe, expect, it } from 'vitest';
import { cardView, sampleView } from '../../test/fixtures/report/run-view.js';
import { renderStatusTerminal } from './status-terminal.js';
import { textWidth } from './text-width.js';
import type { RunView } from './view.js';

const ANSI = /\u001b\[[0-9;]*m/g;

describe('renderStatusTerminal', () => {
  const view = sampleView();

  it('prints no escape codes without color', () => {
    expect(renderStatusTerminal(view, { color: false })).not.toMatch(/\u001b/);
  });

  it('colours only when asked, and the text under the colours is the same', () => {
    const colored = renderStatusTerminal(view, { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored.replace(ANSI, '')).toBe(renderStatusTerminal(view, { color: false }));
  });

  it('aligns every column: each value starts at its header', () => {
    const lines = renderStatusTerminal(view, { color: false }).trimEnd().split('\n');
    const header = lines[2]!;
    expect(header.startsWith('STATUS')).toBe(true);
    const rows = lines.slice(3);
    expect(rows).toHaveLength(view.cards.length);
    const columnOf = (line: string, index: number): number => textWidth(line.slice(0, index));
    const idColumn = columnOf(header, header.indexOf('ID'));
    const agentColumn = columnOf(header, header.indexOf('AGENT'));
    view.cards.forEach((card, i) => {
      const row = rows[i]!;
      expect(columnOf(row, row.indexOf(` ${card.id} `) + 1)).toBe(idColumn);
      expect(columnOf(row, row.indexOf(` ${card.agent} `) + 1)).toBe(agentColumn);
    });
  });

  it('has no markdown syntax', () => {
    const out = renderStatusTerminal(view, { color: false });
    expect(out).not.toMatch(/\]\(|^#|\| ---|\*\*/m);
  });

  it.each([80, 100, 120])('fits a terminal %d columns wide', (width) => {
    const lines = renderStatusTerminal(view, { color: false, width }).trimEnd().split('\n').slice(2);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
  });

  it('stops shrinking at the narrowest readable table when the terminal is narrower still', () => {
    const narrow = renderStatusTerminal(view, { color: false, width: 40 });
    expect(narrow).toBe(renderStatusTerminal(view, { color: false, width: 20 }));
    for (const card of view.cards) expect(narrow).toContain(` ${card.id} `);
  });

  it('cuts titles with an ellipsis to fit, keeping ids whole', () => {
    const out = renderStatusTerminal(view, { color: false, width: 80 });
    expect(out).toContain('Invento…');
    for (const card of view.cards) expect(out).toContain(` ${card.id} `);
  });

  it('shows control characters in a title as ? so they cannot move the cursor', () => {
    const odd: RunView = { ...view, cards: [cardView({ id: 'X', title: 'evil\u001b[2Jtitle\nnext' })] };
    const out = renderStatusTerminal(odd, { color: false });
    expect(out).toContain('evil?[2Jtitle next');
    expect(out).not.toMatch(/\u001b/);
  });

  it('adds WORKER and WORKSPACE columns before NOTE only when some card has one, without emoji in plain text', () => {
    expect(renderStatusTerminal(view, { color: false })).not.toMatch(/WORKER|WORKSPACE/);
    const cards = [
      cardView({ id: 'A', worker: 'w1', changes: { files: 1, added: 4, removed: 0, commit: 'feedbeef00', branch: 'orch/card/A', merge: 'merged' } }),
      cardView({ id: 'B', status: 'failed', lastError: { kind: 'exit', message: 'exit 1' }, worktree: { path: '/wt/B', branch: 'orch/card/B' } }),
    ];
    const out = renderStatusTerminal({ ...view, cards }, { color: false, emoji: false });
    const [header, a, b] = out.trimEnd().split('\n').slice(2);
    expect(header).toMatch(/COST {2}WORKER {2}WORKSPACE +NOTE$/);
    expect(a).toContain('w1      orch/card/A @ feedbee · 1 file +4 −0');
    expect(b).toMatch(/^failed .* orch\/card\/B · worktree kept +exit: exit 1$/);
    expect(b!.indexOf('orch/card/B')).toBe(header!.indexOf('WORKSPACE'));
    const long = [{ ...cards[1]!, lastError: { kind: 'exit' as const, message: 'x'.repeat(200) } }, cards[0]!];
    const narrow = renderStatusTerminal({ ...view, cards: long }, { color: false, width: 110 });
    expect(narrow).toContain('orch/card/A @ feedbee · 1 file +4 −0');
    for (const line of narrow.trimEnd().split('\n').slice(2)) expect(textWidth(line)).toBeLessThanOrEqual(110);
  });
});
