import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Code, Heading, Nodes, Root, RootContent, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cardView, countsOf, HARDENED_RESULTS, hardenedView, SAMPLE_RESULTS, sampleView } from '../../test/fixtures/report/run-view.js';
import { renderReport } from './report.js';
import { MAX_RESULT_BYTES } from './result-content.js';
import { renderStatusMarkdown } from './status-table.js';
import type { CardView, RunView } from './view.js';

const GOLDEN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/report/sample');

const parse = (markdown: string): Root => unified().use(remarkParse).use(remarkGfm).parse(markdown);
const plain = (node: Nodes): string => ('value' in node ? node.value : 'children' in node ? node.children.map(plain).join('') : '');
const read = (id: string): string | undefined => SAMPLE_RESULTS[id];

function headings(tree: Root): string[] {
  return tree.children.filter((n): n is Heading => n.type === 'heading').map((h) => `${'#'.repeat(h.depth)} ${plain(h)}`);
}

/** The blocks under a level-2 heading, up to the next one. */
function section(tree: Root, title: string): RootContent[] {
  const start = tree.children.findIndex((n) => n.type === 'heading' && n.depth === 2 && plain(n) === title);
  expect(start, `section "${title}"`).toBeGreaterThanOrEqual(0);
  const end = tree.children.findIndex((n, i) => i > start && n.type === 'heading' && n.depth <= 2);
  return tree.children.slice(start + 1, end < 0 ? undefined : end);
}

function all<T extends Nodes['type']>(nodes: Nodes[], type: T): Extract<Nodes, { type: T }>[] {
  const out: Extract<Nodes, { type: T }>[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === type) out.push(node as Extract<Nodes, { type: T }>);
    if ('children' in node) node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return out;
}

const headerOf = (table: Table): string[] => table.children[0]!.children.map(plain);

function viewOf(cards: CardView[], extra: Partial<RunView> = {}): RunView {
  return { ...sampleView(), cards, counts: countsOf(cards), attempts: [], incidents: [], ...extra };
}

describe('renderReport', () => {
  const view = sampleView();
  const report = renderReport(view, read);
  const tree = parse(report);

  it('is one document: title, summary, diagrams, final card, the others in view order, failures, errors', () => {
    expect(headings(tree).filter((h) => /^#{1,2} /.test(h))).toEqual([
      '# Report',
      '## Summary',
      '## Graph',
      '## Timeline',
      '## T-09 · Summary',
      '## T-01 · Inventory the code',
      '## T-02 · Security scan: "auth" [P1] #1 <b>bold</b> & `x`',
      '## T-06 · Empty answer',
      '## T-07 · Binary output',
      '## end · Keyword id',
      '## v1.2_x-y · Dotted id',
      '## Failures',
      '## Errors and recoveries',
    ]);
    expect(plain(tree.children[1]!)).toBe(`Goal: ${view.goal}`);
  });

  it('puts several final cards first in id order, then the rest in topological order', () => {
    const cards = [
      cardView({ id: 'B', result: 'r' }),
      cardView({ id: 'A', deps: ['B'], result: 'r' }),
      cardView({ id: 'Z', deps: ['A'], final: true, result: 'r' }),
      cardView({ id: 'Y', deps: ['A'], final: true, result: 'r' }),
    ];
    const h2 = headings(parse(renderReport(viewOf(cards), () => 'text'))).filter((h) => /^## [A-Z] /.test(h));
    expect(h2).toEqual(['## Y · Y', '## Z · Z', '## B · B', '## A · A']);
  });

  it.each([
    ['a top-level heading becomes level 3', '# Findings\n\n## Detail\n', ['### Findings', '#### Detail']],
    ['a level-6 heading stays at 6', '# Top\n\n###### Deep\n', ['### Top', '###### Deep']],
    ['a level-5 heading under a level-1 one is capped at 6', '# Top\n\n##### Five\n', ['### Top', '###### Five']],
    ['a result without headings gets none', 'Just a paragraph.\n', []],
  ])('demotes result headings: %s', (_name, result, expected) => {
    const out = parse(renderReport(viewOf([cardView({ id: 'C', result: 'r' })]), () => result));
    expect(section(out, 'C · C').filter((n): n is Heading => n.type === 'heading').map((h) => `${'#'.repeat(h.depth)} ${plain(h)}`)).toEqual(expected);
  });

  it('leaves report:false cards out of the body but keeps them in the tables and diagrams', () => {
    expect(headings(tree).some((h) => h.includes('T-04'))).toBe(false);
    expect(report).not.toContain('Everything, unfiltered.');
    const cards = section(tree, 'Summary').find((n): n is Table => n.type === 'table')!;
    expect(cards.children.map((row) => plain(row.children[1]!))).toContain('T-04');
    const [flowchart, gantt] = all(tree.children, 'code');
    expect(flowchart!.value).toContain('T-04<br>Raw dump');
    expect(gantt!.value).toContain('section T-04');
  });

  it('has the cards, agents and errors tables with their columns', () => {
    const tables = all(tree.children, 'table').map(headerOf);
    expect(tables).toContainEqual(['Status', 'Card', 'Title', 'Agent', 'Deps', 'Attempts', 'Duration', 'Cost', 'Result']);
    expect(tables).toContainEqual(['Agent', 'Attempts', 'Time', 'Cost', 'Tokens in', 'Tokens out']);
    const errors = section(tree, 'Errors and recoveries').find((n): n is Table => n.type === 'table')!;
    expect(headerOf(errors)).toEqual(['Time (UTC)', 'Card', 'Agent', 'Attempt', 'Error', 'Message', 'Next']);
    expect(errors.children.slice(1).map((r) => r.children.map(plain))).toEqual(
      view.incidents.map((i) => [new Date(i.t).toISOString().replace('.000', ''), i.card, i.agent, String(i.attempt), i.kind, i.message, i.next]),
    );
  });

  it('sums up counts, wall time, agent time, speed-up, cost and tokens', () => {
    const text = section(tree, 'Summary').map(plain).join('\n');
    expect(text).toContain('✅ 8 done · ❌ 1 failed · ⛔ 1 blocked');
    expect(text).toContain('Wall time: 1m30s (2026-01-05T10:00:00Z → 2026-01-05T10:01:30Z)');
    expect(text).toContain('Agent time: 4m06s');
    expect(text).toContain('Parallel speed-up: 2.7×');
    expect(text).toContain('Cost: $0.30');
    expect(text).toContain('Tokens: 8,400 in / 2,100 out');
  });

  it('holds one flowchart and one Gantt chart in mermaid code blocks', () => {
    const blocks = all(tree.children, 'code').filter((c: Code) => c.lang === 'mermaid');
    expect(blocks.map((c) => c.value.split('\n')[0])).toEqual(['flowchart TD', 'gantt']);
    expect(section(tree, 'Graph')).toEqual([expect.objectContaining({ type: 'code', lang: 'mermaid' })]);
    expect(section(tree, 'Timeline')).toEqual([expect.objectContaining({ type: 'code', lang: 'mermaid' })]);
  });

  it('rewrites relative links and images so they resolve from report.md to the same files', () => {
    const body = section(tree, 'T-01 · Inventory the code');
    const urls = [...all(body, 'link'), ...all(body, 'image'), ...all(body, 'definition')].map((n) => n.url);
    expect(urls.sort()).toEqual(['#findings', '../src/auth.ts#L10', 'https://example.com/x', 'orchestrator.yaml', 'results/img/chart.png', 'results/notes/a.md?plain=1']);
    const t02 = section(tree, 'T-02 · Security scan: "auth" [P1] #1 <b>bold</b> & `x`');
    expect(all(t02, 'image').map((i) => [i.url, i.alt])).toEqual([['results/shots/login.png', 'login']]);
    expect(all(t02, 'html')).toEqual([]);
  });

  it('keeps each result\'s footnotes and reference definitions apart', () => {
    const footnotes = all(tree.children, 'footnoteDefinition').map((f) => [f.identifier, plain(f)]);
    expect(footnotes).toEqual([['t-01-1', 'From the first pass.'], ['t-02-1', 'From the scan.']]);
    expect(all(tree.children, 'linkReference').map((r) => r.identifier)).toEqual(['t-01-cfg']);
  });

  it('lists failed cards with their last error, log and blocked dependents, and blocked cards with their blocker', () => {
    const items = all(section(tree, 'Failures'), 'listItem').map(plain);
    expect(items).toEqual([
      'T-03 · Lint | format: ❌ failed after 3 attempts (timeout): attempt timed out after 20s no output. Log: logs/T-03.3.log. Blocked: T-05.',
      'T-05 · Deploy: ⛔ blocked by T-03.',
    ]);
    expect(all(section(tree, 'Failures'), 'link').map((l) => l.url)).toEqual(['logs/T-03.3.log']);
  });

  it('says so when nothing failed and no error happened', () => {
    const out = parse(renderReport(viewOf([cardView({ id: 'A', result: 'r' })]), () => 'ok'));
    expect(section(out, 'Failures').map(plain)).toEqual(['No card failed.']);
    expect(section(out, 'Errors and recoveries').map(plain)).toEqual(['No errors.']);
  });

  it('gives byte-identical output on two renders, whatever the clock says', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2001-01-01T00:00:00Z'));
    const first = renderReport(sampleView(), read);
    vi.setSystemTime(new Date('2099-12-31T23:59:59Z'));
    const second = renderReport(sampleView(), read);
    expect(second).toBe(first);
    expect(first).toBe(report);
  });

  it('marks a report of a run still going and shows its wall time so far', () => {
    const out = renderReport({ ...view, running: true, endedAt: undefined, asOf: view.startedAt! + 30_000 }, read);
    expect(out).toContain('_In progress: the run as of 2026-01-05T10:00:30Z._');
    expect(out).toContain('Wall time: 30s (2026-01-05T10:00:00Z → still running at 2026-01-05T10:00:30Z)');
  });

  it('notes a final card that did not finish', () => {
    const cards = [cardView({ id: 'S', final: true, status: 'failed' })];
    expect(renderReport(viewOf(cards), () => undefined)).toContain('_The summary card S did not finish (failed): no executive summary._');
  });

  it('renders a run with no cards', () => {
    const out = parse(renderReport(viewOf([], { agents: [], startedAt: undefined, endedAt: undefined }), () => undefined));
    expect(section(out, 'Graph').map(plain)).toEqual(['No cards.']);
    expect(section(out, 'Timeline').map(plain)).toEqual(['No attempt ran.']);
  });

  afterEach(() => vi.useRealTimers());
});

describe('a result that is', () => {
  const huge = `# Huge\n\n${'A line of findings that goes on.\n'.repeat(10_000)}\`\`\`\nan open fence\n${'x\n'.repeat(20_000)}`;
  it.each<[string, string | undefined, (blocks: RootContent[], markdown: string) => void]>([
    ['empty gets a short note', '\n  \n', (blocks) => expect(blocks.map(plain)).toEqual(['(empty result)'])],
    ['missing gets a note with the path', undefined, (blocks) => {
      expect(blocks.map(plain)).toEqual(['(result missing: results/C.md)']);
      expect(all(blocks, 'link').map((l) => l.url)).toEqual(['results/C.md']);
    }],
    ['binary is quoted as a code block, control characters escaped', 'PK\u0003\u0004\u0000\u0000 data\n', (blocks) => {
      const code = blocks.find((n): n is Code => n.type === 'code');
      expect(code).toMatchObject({ lang: 'text', value: 'PK\\x03\\x04\\x00\\x00 data' });
    }],
    ['mostly control characters is quoted too', `${'\u0001\u0002\u0003'.repeat(100)}text`, (blocks) => {
      expect(blocks.some((n) => n.type === 'code')).toBe(true);
    }],
    ['over 200 KB is cut, with a link to the whole file', huge, (blocks, markdown) => {
      expect(Buffer.byteLength(markdown)).toBeLessThan(MAX_RESULT_BYTES + 10_000);
      const last = blocks.at(-1)!;
      expect(plain(last)).toMatch(/^\(truncated: first \d+ KB of \d+ KB shown; full result\)$/);
      expect(all([last], 'link').map((l) => l.url)).toEqual(['results/C.md']);
      expect(blocks[0]).toMatchObject({ type: 'heading', depth: 3 });
    }],
  ])('%s', (_name, result, check) => {
    const markdown = renderReport(viewOf([cardView({ id: 'C', result: '.orchestrator/results/C.md' })]), () => result);
    check(section(parse(markdown), 'C · C'), markdown);
  });

  it('not done is no section at all', () => {
    const cards = [cardView({ id: 'F', status: 'failed' }), cardView({ id: 'W', status: 'waiting' })];
    const out = parse(renderReport(viewOf(cards), () => 'never read'));
    expect(headings(out).some((h) => /^## [FW] /.test(h))).toBe(false);
  });
});

describe('golden files', () => {
  it.each([
    ['report.md', () => renderReport(sampleView(), read)],
    ['status.md', () => renderStatusMarkdown(sampleView())],
    ['hardened-report.md', () => renderReport(hardenedView(), (id) => HARDENED_RESULTS[id])],
  ])('%s matches test/fixtures/report/sample byte for byte', (name, render) => {
    const file = path.join(GOLDEN, name);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, render());
    expect(render()).toBe(fs.readFileSync(file, 'utf8'));
  });
});

describe('renderReport on a large run', () => {
  it('leaves out diagrams Mermaid would refuse to draw, and says why', () => {
    const cards = Array.from({ length: 600 }, (_, i) => cardView({ id: `c${i}`, deps: i ? [`c${i - 1}`] : [] }));
    const tree = parse(renderReport(viewOf(cards), () => 'ok'));
    const mermaid = all([tree], 'code').filter((c) => c.lang === 'mermaid');
    expect(mermaid).toHaveLength(0);
    expect(plain(tree)).toContain('The graph is left out: ');
    expect(plain(tree)).toContain('599 edges are more than Mermaid draws (50,000 characters, 500 edges)');
  });
});

describe('a result with front matter', () => {
  it('is shown without it', () => {
    const cards = [cardView({ id: 'fm' })];
    const tree = parse(renderReport(viewOf(cards), () => '---\ntitle: x\nseverity: high\n---\n# Findings\n\nAll good.\n'));
    expect(headings(tree)).toContain('### Findings');
    expect(plain(tree)).not.toContain('severity: high');
    expect(all([tree], 'thematicBreak')).toHaveLength(0);
  });
});

