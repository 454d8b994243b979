import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { textWidth } from '../../src/report/text-width.js';
import { CLI, tempProject, until, type TempProject } from '../helpers.js';

// The live table as a person sees it: orch runs in a tmux pane, the test reads the screen.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `orch-test-${process.pid}`;
const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
afterAll(() => { if (hasTmux) tmux('kill-server'); });

let panes = 0;
/** Start `orch <args>` in a fresh pane of `width` columns; returns the pane's name. */
function inPane(p: TempProject, width: number, args: string[]): string {
  const name = `p${++panes}`;
  const env = Object.entries({ ...p.env, CI: undefined, NO_COLOR: undefined, TERM: 'xterm-256color' })
    .filter(([, v]) => v !== undefined).map(([k, v]) => `export ${k}='${String(v).replace(/'/g, `'\\''`)}'`);
  // the tmux server has the environment of whoever started it (CI=true in CI): clear what would turn the live table off
  p.write(`.${name}.sh`, `unset CI NO_COLOR\n${env.join('\n')}\ncd '${p.root}'\n'${process.execPath}' '${CLI}' ${args.join(' ')}\necho "[exit $?]"\nsleep 600\n`);
  tmux('new-session', '-d', '-s', name, '-x', String(width), '-y', '40', `bash ${p.file(`.${name}.sh`)}`);
  return name;
}
/** The screen, wrapped lines joined (-J): a line wider than the pane shows that it wrapped. */
const screen = (name: string) => tmux('capture-pane', '-p', '-J', '-t', name).stdout;
const rows = (text: string) => text.split('\n').filter((l) => /^\S+ \S+ /.test(l) || /elapsed/.test(l));

describe.skipIf(!hasTmux)('the live table in a terminal', () => {
  it('moves elapsed times between events (it froze between events before)', async () => {
    const p = tempProject();
    p.card('slow', 'title: Slow card', 'S.\n@fake sleep 8000');
    const pane = inPane(p, 100, ['run']);
    await until('the card runs on screen', () => /slow .* #1 \S+/.test(screen(pane)), 20_000);
    const first = /slow .* #1 (\S+)/.exec(screen(pane))![1];
    let later = first;
    await until('the elapsed time moves with no event in between', () => {
      later = /slow .* #1 (\S+)/.exec(screen(pane))?.[1] ?? first;
      return later !== first;
    }, 5_000);
    expect(later).not.toBe(first);
  });

  it.each([60, 160])('fits %i columns: no line wraps, titles cut with an ellipsis only when needed', async (width) => {
    const p = tempProject();
    const title = 'A very long title that says precisely what this card does, far more than forty characters of it';
    p.card('long-title-card', `title: ${title}`, 'L.\n@fake sleep 4000');
    const pane = inPane(p, width, ['run']);
    await until('the card runs on screen', () => /long-title-card/.test(screen(pane)), 20_000);
    const text = screen(pane);
    for (const line of rows(text)) expect(textWidth(line), line).toBeLessThanOrEqual(width);
    const row = text.split('\n').find((l) => l.includes('long-title-card'))!;
    if (width === 60) expect(row).toContain('…');
    else expect(row).toContain(title.slice(0, 90));
  });

  it('says "up to date" for the cards a rerun skips, and lists them', async () => {
    const p = tempProject();
    for (const id of ['a', 'b', 'c']) p.card(id, id === 'c' ? 'deps: [a, b]\nfinal: true' : '');
    expect(p.orch(['run']).code).toBe(0);
    const pane = inPane(p, 100, ['run']);
    await until('the rerun ends', () => /\[exit 0\]/.test(screen(pane)), 20_000);
    const text = screen(pane);
    for (const id of ['a', 'b', 'c']) expect(text).toMatch(new RegExp(`✅ ${id} .*up to date`));
    expect(text).toMatch(/✅ 3 done .*3 up to date/);
  });

  it('prints the Ctrl-C message above the table, not over it', async () => {
    const p = tempProject();
    p.card('h', 'title: Hangs', 'H.\n@fake sleep 30000');
    const pane = inPane(p, 80, ['run']);
    await until('the card runs on screen', () => /h .* #1 /.test(screen(pane)), 20_000);
    tmux('send-keys', '-t', pane, 'C-c');
    await until('the run ends', () => /\[exit 130\]/.test(screen(pane)), 20_000);
    const lines = screen(pane).split('\n');
    const notice = lines.findIndex((l) => l.includes('orch: stopping the running agents (Ctrl-C again to kill them at once)'));
    expect(notice, lines.join('\n')).toBeGreaterThanOrEqual(0);
    expect(lines[notice]).toMatch(/^(\^C)?orch: stopping/);
    const total = lines.findIndex((l, i) => i > notice && /elapsed/.test(l));
    expect(total, lines.join('\n')).toBeGreaterThan(notice);
  });

  it('prints no emoji with --no-emoji, even on a terminal', async () => {
    const p = tempProject();
    p.card('a', '');
    const pane = inPane(p, 100, ['--no-emoji', 'run']);
    await until('the run ends', () => /\[exit 0\]/.test(screen(pane)), 20_000);
    expect(screen(pane)).toMatch(/1 done/);
    expect(screen(pane)).not.toMatch(/\p{Emoji_Presentation}/u);
    expect(fs.existsSync(p.file('.orchestrator/results/a.md'))).toBe(true);
  });
});
