import { JSDOM } from 'jsdom';
import type { Mermaid } from 'mermaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleView, T0, cardView, countsOf } from '../../test/fixtures/report/run-view.js';
import { STATUS_EMOJI } from '../scheduler/status.js';
import { escapeMermaidLabel, renderFlowchart } from './mermaid-flowchart.js';
import { renderGantt } from './mermaid-gantt.js';
import { neutraliseMermaidSource } from './result-mermaid.js';
import type { AttemptView, RunView } from './view.js';

/**
 * Both diagrams go through Mermaid's own grammar (the `mermaid` package, as GitHub uses it), then
 * the parsed model is compared with the view: a diagram that parses into something else fails too.
 * Mermaid's sanitiser needs a DOM, so a jsdom window stands in for the browser.
 */

interface Vertex { id: string; text?: string; classes: string[]; link?: string; haveCallback?: boolean }
interface FlowDb { getVertices(): Map<string, Vertex>; getEdges(): { start: string; end: string }[]; getClasses(): Map<string, { styles: string[] }> }
interface Task { section: string; task: string; startTime: Date; endTime: Date; crit?: boolean; active?: boolean; done?: boolean }
interface GanttDb { getTasks(): Task[]; getDateFormat(): string; getAxisFormat(): string; getTodayMarker(): string }

let mermaid: Mermaid;
const globals = globalThis as unknown as { window?: unknown; document?: unknown };

beforeAll(async () => {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  globals.window = window;
  globals.document = window.document;
  mermaid = (await import('mermaid')).default;
  mermaid.initialize({ startOnLoad: false });
});

afterAll(() => {
  delete globals.window;
  delete globals.document;
});

async function parse<Db>(text: string, type: string): Promise<Db> {
  const result = await mermaid.parse(text);
  expect(result).toMatchObject({ diagramType: type });
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  return diagram.db as unknown as Db;
}

/** Mermaid keeps entity codes as placeholders until it draws; turn them back into characters. */
function decode(label: string): string {
  const named: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&' };
  return label
    .replace(/ﬂ°°(\d+)¶ß/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/ﬂ°(\w+)¶ß/g, (m, name: string) => named[name] ?? m);
}

function viewWith(cards: RunView['cards'], attempts: AttemptView[] = [], running = false): RunView {
  return {
    ...sampleView(), cards, attempts, counts: countsOf(cards), running, incidents: [],
    ...(running ? { endedAt: undefined } : {}),
  };
}

describe('the flowchart', () => {
  it('parses as a Mermaid flowchart with one node per card, one edge per dep and a class per status', async () => {
    const view = sampleView();
    const db = await parse<FlowDb>(renderFlowchart(view)!, 'flowchart-v2');
    const vertices = [...db.getVertices().values()];
    expect(vertices.map((v) => decode(v.text ?? ''))).toEqual(
      view.cards.map((c) => `${STATUS_EMOJI[c.status]} ${c.id}<br>${c.title}`),
    );
    const idOf = new Map(view.cards.map((c, i) => [c.id, vertices[i]!.id]));
    const expected = view.cards.flatMap((c) => c.deps.map((d) => [idOf.get(d), idOf.get(c.id)]));
    expect(db.getEdges().map((e) => [e.start, e.end])).toEqual(expected);
    view.cards.forEach((card, i) => expect(vertices[i]!.classes).toEqual([card.status]));
    expect([...db.getClasses().keys()].sort()).toEqual(['blocked', 'done', 'failed']);
  });

  it.each([
    ['quotes', 'Say "hello" to \'them\''],
    ['brackets of every kind', 'a [b] (c) {d} <e>'],
    ['Mermaid entity look-alikes', '#quot; #35; &amp; #'],
    ['arrows and pipes', 'a --> b | c -.- d ==> e'],
    ['comment and statement marks', 'a %% b ; c : d'],
    ['backticks and markdown', '`code` **bold** _it_'],
    ['HTML', '<script>alert(1)</script><br>'],
    ['unicode', 'Überprüfung 検査 ✅'],
    ['a newline', 'first\nsecond'],
  ])('keeps a title with %s intact through the parser', async (_name, title) => {
    const cards = [cardView({ id: 'a.b_c-d', title }), cardView({ id: 'end', title: 'x', deps: ['a.b_c-d'] })];
    const db = await parse<FlowDb>(renderFlowchart(viewWith(cards))!, 'flowchart-v2');
    const first = [...db.getVertices().values()][0]!;
    expect(decode(first.text ?? '')).toBe(`✅ a.b_c-d<br>${title.replace(/\s+/g, ' ')}`);
  });

  it.each(['end', 'graph', 'subgraph', 'class', 'classDef', 'style', 'click', 'A--B', '1.0', 'x_y'])(
    'accepts %s as a card id',
    async (id) => {
      const cards = [cardView({ id }), cardView({ id: 'next', deps: [id] })];
      const db = await parse<FlowDb>(renderFlowchart(viewWith(cards))!, 'flowchart-v2');
      expect(db.getEdges()).toHaveLength(1);
    },
  );

  it('is checked by a parser that rejects broken input', async () => {
    await expect(mermaid.parse('flowchart TD\n  c0["a"b"] -->')).rejects.toThrow();
    expect(escapeMermaidLabel('a"b')).toBe('a#quot;b');
  });
});

describe('the Gantt chart', () => {
  it('parses with one bar per attempt at the view times, failed attempts crit', async () => {
    const view = sampleView();
    const db = await parse<GanttDb>(renderGantt(view)!, 'gantt');
    expect(db.getDateFormat()).toBe('x');
    expect(db.getTodayMarker()).toBe('off');
    const tasks = db.getTasks();
    const bars = tasks.map((t) => [t.section, t.task.trim(), t.startTime.getTime(), t.endTime.getTime(), Boolean(t.crit)]);
    const expected = view.cards.flatMap((card) =>
      view.attempts
        .filter((a) => a.card === card.id)
        .sort((a, b) => a.attempt - b.attempt)
        .map((a) => [card.id, a.errorKind ? `attempt ${a.attempt} · ${a.errorKind}` : `attempt ${a.attempt}`, a.startedAt, a.endedAt, a.ok === false]),
    );
    expect(bars).toEqual(expected);
    expect(bars.filter((b) => b[0] === 'T-03')).toHaveLength(3);
  });

  it('draws a running attempt as active up to asOf', async () => {
    const cards = [cardView({ id: 'T-01', status: 'running' })];
    const attempts: AttemptView[] = [{ card: 'T-01', attempt: 1, agent: 'claude', startedAt: T0, log: 'l' }];
    const view = { ...viewWith(cards, attempts, true), asOf: T0 + 7000 };
    const [task] = (await parse<GanttDb>(renderGantt(view)!, 'gantt')).getTasks();
    expect(task).toMatchObject({ active: true });
    expect(task!.endTime.getTime()).toBe(T0 + 7000);
  });

  it.each([
    [30 * 60_000, '%H:%M:%S'],
    [5 * 3_600_000, '%H:%M'],
    [3 * 86_400_000, '%m-%d %H:%M'],
  ])('picks an axis format for a run of %d ms', async (span, format) => {
    const cards = [cardView({ id: 'title' }), cardView({ id: 'section' }), cardView({ id: '2024-01-01' }), cardView({ id: 'todayMarker' })];
    const attempts = cards.map((c, i): AttemptView => ({
      card: c.id, attempt: 1, agent: 'claude', startedAt: T0 + i, endedAt: T0 + span, ok: i % 2 === 0, log: 'l',
    }));
    const db = await parse<GanttDb>(renderGantt(viewWith(cards, attempts))!, 'gantt');
    expect(db.getAxisFormat()).toBe(format);
    expect(db.getTasks().map((t) => t.section)).toEqual(cards.map((c) => c.id));
  });

  it('is left out when no attempt ran', () => {
    expect(renderGantt(viewWith([cardView({ id: 'T-01', status: 'waiting' })]))).toBeUndefined();
  });
});

describe('a Mermaid block from a result', () => {
  const source = [
    'flowchart TD',
    '  A[Start] --> B[End]',
    '  click A href "https://evil.example" _blank',
    '  click B call steal()',
    '',
  ].join('\n');

  it('has its links and callbacks taken out, and still parses as the same diagram', async () => {
    const before = [...(await parse<FlowDb>(source, 'flowchart-v2')).getVertices().values()];
    expect(before.find((v) => v.id === 'A')?.link).toContain('evil.example');
    const after = [...(await parse<FlowDb>(neutraliseMermaidSource(source), 'flowchart-v2')).getVertices().values()];
    expect(after.map((v) => [v.id, v.text])).toEqual(before.map((v) => [v.id, v.text]));
    expect(after.map((v) => [v.link, v.haveCallback ?? false])).toEqual([[undefined, false], [undefined, false]]);
  });
});
