import type { Image, Nodes, Parent, Root } from 'mdast';

/** Nodes whose children are inline content: raw HTML there is a tag within a line of text. */
const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'tableCell', 'emphasis', 'strong', 'delete', 'link', 'linkReference']);

const IMG = /^<img((?:\s+[a-z-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))*)\s*\/?>$/i;
const ATTRIBUTE = /([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
/** Attributes an image keeps no meaning without; anything else (`onerror`, `style`) is not an image of ours. */
const IMAGE_ATTRIBUTES = new Set(['src', 'alt', 'title', 'width', 'height']);

/** `<img src="a.png" alt="x">` with nothing but plain attributes, as a markdown image; else undefined. */
function plainImage(html: string): Image | undefined {
  const match = IMG.exec(html.trim());
  if (!match) return undefined;
  const attributes = new Map<string, string>();
  for (const [, name, dq, sq] of match[1]!.matchAll(ATTRIBUTE)) attributes.set(name!.toLowerCase(), dq ?? sq ?? '');
  const src = attributes.get('src');
  if (!src || [...attributes.keys()].some((name) => !IMAGE_ATTRIBUTES.has(name))) return undefined;
  const image: Image = { type: 'image', url: src, alt: attributes.get('alt') ?? '' };
  const title = attributes.get('title');
  if (title) image.title = title;
  return image;
}

/**
 * Raw HTML in a result is shown as its source, never passed to the renderer: a block of HTML
 * becomes an `html` code block, an inline tag becomes text (which the printer escapes as `\<`).
 * So nothing a result holds — `<script>`, `<img onerror>`, an unclosed `<!--` or `<details>`, a
 * `<style>` — can run, or hide or restyle the sections after it. A plain `<img src alt>` (no
 * other attributes) becomes the markdown image it means, whose link is rebased like any other.
 */
export function neutraliseHtml(tree: Root): void {
  const visit = (parent: Parent): void => {
    const inline = PHRASING_PARENTS.has(parent.type);
    parent.children = parent.children.map((child): Nodes => {
      if (child.type !== 'html') {
        if ('children' in child) visit(child);
        return child;
      }
      const image = plainImage(child.value);
      if (image) return inline ? image : { type: 'paragraph', children: [image] };
      if (inline) return { type: 'text', value: child.value };
      return { type: 'code', lang: 'html', value: child.value.replace(/\n+$/, '') };
    }) as Parent['children'];
  };
  visit(tree);
}
