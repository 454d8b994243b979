import type { PhrasingContent, Table, TableCell } from 'mdast';
import { markdownTable } from 'markdown-table';
import type { Options } from 'remark-stringify';
import { textWidth } from './text-width.js';

type Handle = NonNullable<NonNullable<Options['handlers']>['table']>;
type State = Parameters<Handle>[2];
type Info = Parameters<Handle>[3];

/** Text that the generic serializer would write unchanged inside a table cell. */
const PLAIN = /^[\p{L}\p{N}\p{M}\p{Emoji_Presentation}\p{Extended_Pictographic}\u200d\ufe0f .,;'"%+=@^?/\u2014\u2026\u00b7-]*$/u;
const PLAIN_URL = /^[A-Za-z0-9._~/%-]+$/;

/**
 * GFM tables as remark-gfm writes them, but with a direct path for cells of plain text and plain
 * links: the generic phrasing serializer costs ~0.1 ms per row, which dominated rewriting
 * status.md for thousands of cards. Any other cell takes the generic path, so output is the same.
 */
export const tableHandler: Handle = (node: Table, _parent, state, info) => {
  const exitTable = state.enter('table');
  const matrix = node.children.map((row) => {
    const exitRow = state.enter('tableRow');
    const cells = row.children.map((cell) => plainCell(cell) ?? genericCell(cell, state, info));
    exitRow();
    return cells;
  });
  exitTable();
  const head = matrix[0];
  const columns = node.align?.length || Math.max(0, ...matrix.map((r) => r.length));
  if (head) while (head.length < columns) head.push('');
  return markdownTable(matrix, { align: node.align ?? [], alignDelimiters: true, fillRows: false, padding: true, stringLength: textWidth });
};

function plainCell(cell: TableCell): string | undefined {
  let out = '';
  for (const child of cell.children) {
    const piece = plainPhrasing(child);
    if (piece === undefined) return undefined;
    out += piece;
  }
  return out;
}

function plainPhrasing(node: PhrasingContent): string | undefined {
  if (node.type === 'text') return PLAIN.test(node.value) && !/^\s|\s$/.test(node.value) ? node.value : undefined;
  if (node.type === 'link' && !node.title && PLAIN_URL.test(node.url) && node.children.length === 1) {
    const label = node.children[0]!;
    if (label.type === 'text' && label.value && PLAIN.test(label.value)) return `[${label.value}](${node.url})`;
  }
  return undefined;
}

function genericCell(cell: TableCell, state: State, info: Info): string {
  const exitCell = state.enter('tableCell');
  const exitPhrasing = state.enter('phrasing');
  const value = state.containerPhrasing(cell, { ...info, before: '|', after: '|' });
  exitPhrasing();
  exitCell();
  return value;
}
