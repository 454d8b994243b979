import type { Heading } from 'mdast';
import { expect, it } from 'vitest';
import { demoteHeadings } from './demote-headings.js';
import { parseMarkdown, walk } from './markdown.js';

function depths(markdown: string): number[] {
  const tree = parseMarkdown(markdown);
  demoteHeadings(tree, 3);
  const out: number[] = [];
  walk(tree, (node) => {
    if (node.type === 'heading') out.push((node as Heading).depth);
  });
  return out;
}

it.each([
  ['moves a top-level heading to level 3', '# Findings\n', [3]],
  ['keeps the levels below it relative', '# A\n## B\n### C\n', [3, 4, 5]],
  ['caps deep headings at 6', '# A\n##### B\n###### C\n', [3, 6, 6]],
  ['raises a result whose top heading is deeper than 3', '#### A\n##### B\n', [3, 4]],
  ['leaves a result whose top heading is 3 as it is', '### A\n###### B\n', [3, 6]],
  ['demotes setext headings too', 'A\n===\n\nB\n---\n', [3, 4]],
  ['demotes headings inside block quotes and lists', '> # Quote\n\n- ## Item\n', [3, 4]],
  ['does nothing without headings', 'just text\n', []],
])('%s', (_name, markdown, expected) => {
  expect(depths(markdown)).toEqual(expected);
});
