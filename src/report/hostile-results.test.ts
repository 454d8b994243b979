import { JSDOM } from 'jsdom';
import type { Nodes, Root } from 'mdast';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { cardView, countsOf, sampleView } from '../../test/fixtures/report/run-view.js';
import { renderReport } from './report.js';
import type { CardView, RunView } from './view.js';

/**
 * A result is whatever an agent wrote. Whatever it is, every section after it must stay a section
 * a reader sees: checked on the markdown tree (remark, as the report is written) and on the HTML a
 * renderer makes of it (micromark with raw HTML allowed, as GitHub's renderer passes it on).
 */

const parse = (markdown: string): Root => unified().use(remarkParse).use(remarkGfm).parse(markdown);
const plain = (node: Nodes): string => ('value' in node ? node.value : 'children' in node ? node.children.map(plain).join('') : '');

function nodesOf(tree: Nodes, type: string): Nodes[] {
  const out: Nodes[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === type) out.push(node);
    if ('children' in node) node.children.forEach(visit);
  };
  visit(tree);
  return out;
}

const cards: CardView[] = [
  cardView({ id: 'evil', title: 'Hostile', result: '.orchestrator/results/evil.md' }),
  cardView({ id: 'after', title: 'Later result', deps: ['evil'], result: '.orchestrator/results/after.md' }),
  cardView({ id: 'broke', title: 'Broken', status: 'failed', attempts: 1, lastError: { kind: 'exit', message: 'exited 1' } }),
];
const view: RunView = { ...sampleView(), cards, counts: countsOf(cards), attempts: [], agents: [] };

const HEADINGS = ['# Report', '## Summary', '## Graph', '## Timeline', '## evil · Hostile', '## after · Later result', '## Failures', '## Errors and recoveries'];

const render = (result: string): string => renderReport(view, (id) => (id === 'evil' ? result : 'The later result.\n'));

const HOSTILE: [string, string][] = [
  ['a script', '<script>document.body.innerHTML = ""</script>\n'],
  ['an image with onerror', '<img src="x" onerror="alert(1)">\n'],
  ['an inline image with onerror', 'Look: <img src=x onerror=alert(1)> here.\n'],
  ['an unclosed comment at the end', 'Findings.\n\n<!--\n'],
  ['an unclosed details', '<details>\n<summary>More</summary>\n\nHidden?\n'],
  ['a style that hides headings', '<style>h2 { display: none }</style>\n'],
  ['an inline style element', 'Text <style>h2{display:none}</style> text.\n'],
  ['a plaintext element', '<plaintext>\n'],
  ['a textarea', '<textarea>\n'],
  ['an xmp', '<xmp>\n'],
  ['an iframe', '<iframe src="https://example.com"></iframe>\n'],
  ['HTML in a list item', '- <details open>\n- <!--\n'],
  ['HTML in a blockquote', '> <div style="display:none">\n'],
  ['HTML in a footnote', 'Note.[^1]\n\n[^1]: <script>x()</script>\n'],
  ['a link with javascript and raw anchor', '<a href="javascript:alert(1)">click</a>\n'],
  ['an unclosed table element', '<table><tr><td>\n'],
];

/** Results that were already kept in their place (headings demoted, fences closed): guards. */
const CONTAINED: [string, string][] = [
  ['an unclosed comment inline', 'Findings <!-- and the rest'],
  ['its own Failures heading', '## Failures\n\nNone, all good.\n\n# Errors and recoveries\n\nNone.\n'],
  ['a setext Failures heading', 'Failures\n========\n'],
  ['an unbalanced fence', 'Output:\n\n```\nnot closed\n'],
  ['a long unbalanced fence', '`````js\nstill open ``` ````\n'],
  ['a tilde fence left open', '~~~\nopen\n'],
  ['HTML in a table cell', '| a |\n| - |\n| <!-- |\n'],
  ['an HTML entity look-alike', '&lt;!-- &#60;script&#62;\n'],
];

const ALL = [...HOSTILE, ...CONTAINED];

describe('a hostile result', () => {
  it.each(ALL)('(%s) leaves every later section a heading at its level', (_name, result) => {
    const tree = parse(render(result));
    const headings = nodesOf(tree, 'heading').map((h) => `${'#'.repeat((h as { depth: number }).depth)} ${plain(h)}`);
    expect(headings.filter((h) => /^#{1,2} /.test(h))).toEqual(HEADINGS);
    const top = tree.children.filter((n) => n.type === 'heading').map((h) => `${'#'.repeat(h.depth)} ${plain(h)}`);
    expect(top.slice(-3)).toEqual(['## after · Later result', '## Failures', '## Errors and recoveries']);
    expect(plain(tree)).toContain('The later result.');
    expect(plain(tree)).toContain('broke · Broken: ❌ failed after 1 attempt');
  });

  it.each(ALL)('(%s) brings no raw HTML into the report', (_name, result) => {
    expect(nodesOf(parse(render(result)), 'html')).toEqual([]);
  });

  it.each(ALL)('(%s) renders to HTML with no active element and every later heading visible', (_name, result) => {
    const html = micromark(render(result), { allowDangerousHtml: true, allowDangerousProtocol: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    const { document } = new JSDOM(html).window;
    const h2 = [...document.querySelectorAll('h2')].filter((h) => h.id !== 'footnote-label');
    expect(h2.map((h) => h.textContent)).toEqual(HEADINGS.filter((h) => h.startsWith('## ')).map((h) => h.slice(3)));
    for (const h of h2) expect(h.parentElement?.tagName).toBe('BODY');
    expect(document.querySelectorAll('script, style, iframe, textarea, plaintext, xmp, details, img[onerror], a[href^="javascript"]')).toHaveLength(0);
    const walker = document.createTreeWalker(document.body, 128 /* NodeFilter.SHOW_COMMENT */);
    expect(walker.nextNode()).toBeNull();
  });

  it('is shown as its source, for a person to read', () => {
    const markdown = render('<script>alert(1)</script>\n\nText <b>bold</b> and <!-- open\n');
    expect(markdown).toContain('```html\n<script>alert(1)</script>\n```');
    expect(markdown).toContain('Text \\<b>bold\\</b> and \\<!-- open');
  });

  it('keeps a plain image as an image, its link rebased', () => {
    const tree = parse(render('<img src="shots/a.png" alt="A shot">\n\nInline <img src=\'b.png\' title="B"> too.\n'));
    expect(nodesOf(tree, 'image').map((n) => (n as { url: string }).url)).toEqual(['results/shots/a.png', 'results/b.png']);
  });
});

describe('a Mermaid block in a result', () => {
  it('reaches the report without its click lines', () => {
    const tree = parse(render('```mermaid\nflowchart TD\n  A --> B\n  click A href "https://evil.example"\n```\n'));
    const blocks = nodesOf(tree, 'code').filter((n) => (n as { lang?: string }).lang === 'mermaid').map((n) => (n as { value: string }).value);
    expect(blocks.at(-1)).toBe('flowchart TD\n  A --> B');
  });
});
