import type { Code, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { stringifyMarkdown } from './markdown.js';
import { resultContent } from './result-content.js';

const FILE = '.orchestrator/results/C.md';
const parse = (markdown: string): Root => unified().use(remarkParse).use(remarkGfm).parse(markdown);
/** The blocks as written into report.md, read back: what a renderer sees. */
const roundTrip = (blocks: RootContent[]): RootContent[] => parse(stringifyMarkdown({ type: 'root', children: blocks })).children;

describe('a text result', () => {
  it.each([
    ['keeps leading spaces', '  1 package.json\n  2 src/a.ts\n', '  1 package.json\n  2 src/a.ts'],
    ['keeps a stack trace line by line', 'Error: boom\n    at f (a.js:1:2)\n    at g (b.js:3:4)\n', 'Error: boom\n    at f (a.js:1:2)\n    at g (b.js:3:4)'],
    ['keeps tabs and blank lines', 'a\tb\n\n\n\tc\n', 'a\tb\n\n\n\tc'],
    ['keeps markdown as characters', '# not a heading\n- not a list\n<b>not html</b>\n', '# not a heading\n- not a list\n<b>not html</b>'],
    ['keeps runs of backticks, inside a longer fence', 'a ``` b\n````\nc `````` d\n', 'a ``` b\n````\nc `````` d'],
    ['keeps front matter lines', '---\nkey: value\n---\nrest\n', '---\nkey: value\n---\nrest'],
    ['turns CRLF into LF', 'one\r\ntwo\r\n', 'one\ntwo'],
    ['drops terminal colours', '\u001b[31mred\u001b[0m plain\n', 'red plain'],
    ['escapes other control characters', 'bell\u0007 here\n', 'bell\\x07 here'],
  ])('%s, in one fenced block', (_name, content, expected) => {
    const blocks = roundTrip(resultContent('C', content, FILE, 'text'));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ type: 'code', lang: 'text', value: expected });
  });

  it('is cut like any result past 200 KB, the fence still closed', () => {
    const blocks = roundTrip(resultContent('C', `\`\`\`\`\n${'  line\n'.repeat(40_000)}`, FILE, 'text'));
    expect(blocks[0]).toMatchObject({ type: 'code', lang: 'text' });
    expect((blocks[0] as Code).value.split('\n').slice(0, 2)).toEqual(['````', '  line']);
    expect(blocks.at(-1)).toMatchObject({ type: 'paragraph' });
  });

  it('as markdown (the default) merges its paragraphs, as before', () => {
    const blocks = roundTrip(resultContent('C', '  1 package.json\n  2 src/a.ts\n', FILE));
    expect(blocks).toMatchObject([{ type: 'paragraph' }]);
  });
});
