import { cardDiff } from '../workspace/commands.js';
import { MAX_TEXT_BYTES } from './card-detail.js';

/** A card's change as the panel shows it: `orch diff <id>`'s text, cut at MAX_TEXT_BYTES. */
export interface PanelDiff {
  text: string;
  truncated: boolean;
}

/** Cut `text` to at most `max` bytes of UTF-8, at a line end when there is one, never inside a character. */
export function cutText(text: string, max: number): { text: string; truncated: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return { text, truncated: false };
  let cut = bytes.subarray(0, max).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  const lineEnd = cut.lastIndexOf('\n');
  return { text: lineEnd > 0 ? cut.slice(0, lineEnd + 1) : cut, truncated: true };
}

/**
 * The diff of a card run in a git worktree (merged, on its branch, or in its worktree: see cardDiff);
 * undefined when there is none or git cannot say. The page shows it as text, never as HTML.
 */
export async function panelDiff(root: string, id: string, max = MAX_TEXT_BYTES): Promise<PanelDiff | undefined> {
  try {
    return cutText(await cardDiff(root, id, false), max);
  } catch {
    return undefined;
  }
}
