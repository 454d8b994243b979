import type { Root } from 'mdast';
import { walk } from './markdown.js';

/**
 * `click A href "…"`, `click A call f()`, `click A f`: a node that opens a link or calls a function,
 * at the start of a line or after a `;` (statements may share a line).
 */
const CLICK = /(?:^|;)\s*click\s/i;
/** A class diagram's own `link Class "url"` and `callback Class "f"`. */
const CLASS_LINK = /(?:^|;)\s*(?:link|callback)\s/i;
/** `%%{init: {"securityLevel": "loose"}}%%`: a directive could turn Mermaid's sandbox off. */
const DIRECTIVE = /%%\{[\s\S]*?\}%%/g;
/** Front matter (`---\nconfig: …\n---`) at the top of a diagram sets its configuration too. */
const FRONT_MATTER = /^\s*---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * A diagram from a result, without what could make it act: `click` lines (links and callbacks),
 * class diagrams' `link`/`callback` lines, `%%{…}%%` directives and front matter (configuration,
 * such as `securityLevel`). The rest of the diagram is drawn as written.
 */
export function neutraliseMermaidSource(source: string): string {
  const body = source.replace(FRONT_MATTER, '').replace(DIRECTIVE, '');
  const classDiagram = /^\s*classDiagram/i.test(body.replace(/^\s*(?:%%.*)?\n/gm, ''));
  return body
    .split('\n')
    .filter((line) => !CLICK.test(line) && !(classDiagram && CLASS_LINK.test(line)))
    .join('\n');
}

/** Every Mermaid block of a result made inert (see neutraliseMermaidSource). */
export function neutraliseMermaid(tree: Root): void {
  walk(tree, (node) => {
    if (node.type === 'code' && node.lang?.toLowerCase() === 'mermaid') node.value = neutraliseMermaidSource(node.value);
  });
}
