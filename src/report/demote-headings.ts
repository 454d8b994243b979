import type { Root } from 'mdast';
import { walk } from './markdown.js';

type Depth = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * Shifts every heading so the highest one lands at `top`, keeping their relative levels;
 * markdown has no level past 6, so deeper ones stop there.
 */
export function demoteHeadings(tree: Root, top: Depth): void {
  let highest = 7;
  walk(tree, (node) => {
    if (node.type === 'heading') highest = Math.min(highest, node.depth);
  });
  if (highest === 7) return;
  const shift = top - highest;
  walk(tree, (node) => {
    if (node.type === 'heading') node.depth = Math.min(6, Math.max(1, node.depth + shift)) as Depth;
  });
}
