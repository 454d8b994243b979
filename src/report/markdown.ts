import type { Heading, Nodes, Paragraph, PhrasingContent, Root, Table, TableCell, TableRow } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify, { type Options } from 'remark-stringify';
import { unified } from 'unified';
import { tableHandler } from './table-handler.js';
import { textWidth } from './text-width.js';

/** One fixed style, so the same tree always prints the same bytes. */
const STRINGIFY: Options = {
  bullet: '-',
  emphasis: '_',
  strong: '*',
  fence: '`',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  setext: false,
  closeAtx: false,
  resourceLink: true,
};

const parser = unified().use(remarkParse).use(remarkGfm).freeze();
/** Table columns padded by terminal width, so emoji rows line up in a monospace editor too. */
const printer = unified().use(remarkGfm, { stringLength: textWidth }).use(remarkStringify, { ...STRINGIFY, handlers: { table: tableHandler } }).freeze();

export function parseMarkdown(text: string): Root {
  return parser.parse(text);
}

export function stringifyMarkdown(tree: Root): string {
  return printer.stringify(tree);
}

/** Calls `visit` on every node below `node`, parents before children. */
export function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) walk(child, visit);
}

/** Table cells hold one line: runs of whitespace (newlines included) become one space. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

export function text(value: string): PhrasingContent {
  return { type: 'text', value };
}

export function link(url: string, label: string): PhrasingContent {
  return { type: 'link', url, children: [text(label)] };
}

export function paragraph(...children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children };
}

export function heading(depth: Heading['depth'], value: string): Heading {
  return { type: 'heading', depth, children: [text(value)] };
}

export type Cell = string | PhrasingContent | PhrasingContent[];

function cellOf(cell: Cell): TableCell {
  if (typeof cell === 'string') return { type: 'tableCell', children: cell ? [text(oneLine(cell))] : [] };
  return { type: 'tableCell', children: Array.isArray(cell) ? cell : [cell] };
}

/** A GFM table; `right` names the columns aligned right (numbers). */
export function table(header: string[], rows: Cell[][], right: ReadonlySet<string> = new Set()): Table {
  const row = (cells: Cell[]): TableRow => ({ type: 'tableRow', children: cells.map(cellOf) });
  return {
    type: 'table',
    align: header.map((name) => (right.has(name) ? 'right' : null)),
    children: [row(header), ...rows.map(row)],
  };
}
