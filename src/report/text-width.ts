/** Terminal columns a string takes: emoji and East Asian wide characters take two, marks none. */
const ZERO = /[\p{Mn}\p{Me}\p{Cf}\u200d\ufe0e\ufe0f]/u;
const EMOJI = /\p{Emoji_Presentation}/u;
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

function charWidth(char: string): number {
  if (ZERO.test(char)) return 0;
  if (EMOJI.test(char) || WIDE.test(char)) return 2;
  return 1;
}

export function textWidth(value: string): number {
  let width = 0;
  for (const char of value) width += charWidth(char);
  return width;
}

/** Cut to at most `width` columns, ending in `…` when something was cut. */
export function truncate(value: string, width: number): string {
  if (textWidth(value) <= width) return value;
  let out = '';
  let used = 0;
  for (const char of value) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

export function padEnd(value: string, width: number): string {
  return value + ' '.repeat(Math.max(0, width - textWidth(value)));
}

export function padStart(value: string, width: number): string {
  return ' '.repeat(Math.max(0, width - textWidth(value))) + value;
}

/** Control characters (ANSI escapes included) would move the cursor: show them as `?`. */
export function printable(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/[\p{Cc}]/gu, '?');
}
