import type { PhrasingContent, RootContent } from 'mdast';
import { readFrontMatter } from '../cards/front-matter.js';
import { ORCH_DIR } from '../state/layout.js';
import { demoteHeadings } from './demote-headings.js';
import { linkFromOrchDir } from './format.js';
import { link, parseMarkdown, text } from './markdown.js';
import { neutraliseHtml } from './raw-html.js';
import { neutraliseMermaid } from './result-mermaid.js';
import { rewriteLinks, scopeReferences } from './rewrite-links.js';
import type { ResultFormat } from './view.js';

/** Results larger than this are cut in the report, with a link to the whole file. */
export const MAX_RESULT_BYTES = 200 * 1024;

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const SAMPLE = 8192;

/**
 * Binary or garbled text would not parse into anything sensible: a NUL byte, or more than one
 * character in ten (of the first 8 KB) a control character or a decoding error (U+FFFD).
 */
export function looksBinary(content: string): boolean {
  if (content.includes('\u0000')) return true;
  const sample = content.slice(0, SAMPLE);
  const bad = (sample.match(CONTROL)?.length ?? 0) + (sample.match(/\ufffd/g)?.length ?? 0);
  return bad * 10 > sample.length;
}

/** At most `max` bytes of UTF-8, ending at a line break when there is one. */
function cut(content: string, max: number): string {
  let head = Buffer.from(content, 'utf8').subarray(0, max).toString('utf8').replace(/\ufffd$/, '');
  const nl = head.lastIndexOf('\n');
  if (nl > 0) head = head.slice(0, nl + 1);
  return head;
}

/** A result that opens with YAML front matter (`---`, `key: value` lines, `---`) is shown without it. */
function withoutFrontMatter(content: string): string {
  const split = readFrontMatter(content);
  if (!split || !/^\n?[A-Za-z_][\w-]*:(\s|$)/.test(split.yaml)) return content;
  return split.body;
}

/** Terminal colour and cursor sequences (`ESC [ … m`): noise in a document. */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;

/** `\xNN` for a control character, so the text shows what was there without the byte itself. */
const escapeControls = (value: string): string =>
  value.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/**
 * Text shown as written, in a fenced block: every line and its indentation kept. The printer
 * makes the fence longer than any run of backticks inside, so nothing in it can close it.
 */
function textBlock(value: string): RootContent {
  return { type: 'code', lang: 'text', value: value.replace(/\r\n?/g, '\n').replace(/\n+$/, '') };
}

/** A result as markdown blocks of the report, made safe: raw HTML and Mermaid links neutralised. */
function markdownBlocks(id: string, content: string, file: string): RootContent[] {
  const tree = parseMarkdown(withoutFrontMatter(content));
  neutraliseHtml(tree);
  neutraliseMermaid(tree);
  demoteHeadings(tree, 3);
  rewriteLinks(tree, file, ORCH_DIR);
  scopeReferences(tree, id);
  return tree.children;
}

const kb = (bytes: number): string => `${Math.round(bytes / 1024)} KB`;

/** An italic line of ours among the result's own content. */
function note(...children: PhrasingContent[]): RootContent {
  return { type: 'paragraph', children: [{ type: 'emphasis', children }] };
}

/**
 * A card's result as blocks of the report. Markdown: headings demoted below the card's level-2
 * heading, relative links rebased from `results/<id>.md` to `report.md`, reference labels scoped
 * to the card, raw HTML shown as source. Text (`format: text`, a `command` card's output): one
 * fenced block, as written. Binary: a fenced block, control characters escaped.
 */
export function resultContent(id: string, content: string | undefined, file: string, format: ResultFormat = 'markdown'): RootContent[] {
  const href = linkFromOrchDir(file);
  if (content === undefined) {
    return [note(text('(result missing: '), link(href, href), text(')'))];
  }
  // a command's colours are not content, and dense ones would read as binary
  if (format === 'text') content = content.replace(ANSI, '');
  if (!content.trim()) return [note(text('(empty result)'))];

  const bytes = Buffer.byteLength(content, 'utf8');
  const truncated = bytes > MAX_RESULT_BYTES;
  const shown = truncated ? cut(content, MAX_RESULT_BYTES) : content;
  const blocks: RootContent[] = [];
  if (looksBinary(content)) {
    blocks.push(note(text('(not readable as markdown: shown as text, control characters escaped)')));
    blocks.push({ type: 'code', lang: 'text', value: escapeControls(shown.replace(/\r\n/g, '\n')).replace(/\n$/, '') });
  } else if (format === 'text') {
    blocks.push(textBlock(escapeControls(shown)));
  } else {
    blocks.push(...markdownBlocks(id, shown, file));
  }
  if (truncated) {
    const head = `(truncated: first ${kb(Buffer.byteLength(shown, 'utf8'))} of ${kb(bytes)} shown; `;
    blocks.push(note(text(head), link(href, 'full result'), text(')')));
  }
  return blocks;
}
