import path from 'node:path';
import type { Root } from 'mdast';
import { walk } from './markdown.js';

/** `https:`, `mailto:`, `data:`…, `//host`, `/rooted`, `#fragment`: nothing to rebase. */
const KEEP = /^(?:[a-z][a-z\d+.-]*:|[/\\#]|$)/i;

/** `to` relative to the directory `from`; both relative to one root, `from` without `..`. */
function relativeTo(from: string, to: string): string {
  const a = from === '.' ? [] : from.split('/');
  const b = to === '.' ? [] : to.split('/');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/') || '.';
}

/**
 * A URL written in `fromFile` (relative to the project root) made to resolve the same from the
 * directory `toDir`. Pure: works on the strings alone, never on the working directory.
 */
export function rebaseUrl(url: string, fromFile: string, toDir: string): string {
  if (KEEP.test(url)) return url;
  const cut = url.search(/[?#]/);
  const pathPart = cut < 0 ? url : url.slice(0, cut);
  const suffix = cut < 0 ? '' : url.slice(cut);
  if (!pathPart) return url;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), pathPart));
  const rebased = relativeTo(path.posix.normalize(toDir), target.replace(/\/$/, ''));
  return rebased + (pathPart.endsWith('/') && rebased !== '.' ? '/' : '') + suffix;
}

/** Rebases the relative links, images and definitions of a tree (raw HTML is shown as source, not rebased). */
export function rewriteLinks(tree: Root, fromFile: string, toDir: string): void {
  walk(tree, (node) => {
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') node.url = rebaseUrl(node.url, fromFile, toDir);
  });
}

/**
 * Prefixes reference and footnote labels with `scope`, so `[1]` or `[^1]` in two merged
 * results do not resolve to the same definition.
 */
export function scopeReferences(tree: Root, scope: string): void {
  walk(tree, (node) => {
    switch (node.type) {
      case 'linkReference':
      case 'imageReference':
        node.referenceType = 'full';
      // falls through
      case 'definition':
      case 'footnoteReference':
      case 'footnoteDefinition':
        node.label = `${scope}-${node.label ?? node.identifier}`;
        node.identifier = `${scope}-${node.identifier}`.toLowerCase();
        break;
      default:
        break;
    }
  });
}
