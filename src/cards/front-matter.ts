/** A card file cut in two: the YAML between the `---` lines, and the body after them. */
export interface FrontMatterSplit {
  /** The YAML text, starting with the newline that ends the opening `---` line (so its line 2 is the file's line 2). */
  yaml: string;
  body: string;
  /** The file's line where the body starts. */
  bodyLine: number;
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /\r?\n---[ \t]*(?:\r?\n|$)/;

/** Split a card's text, or say what is missing: the opening `---` line ('open') or the closing one ('close'). */
export function splitFrontMatter(text: string): FrontMatterSplit | 'open' | 'close' {
  const open = OPEN.exec(text);
  if (!open) return 'open';
  const rest = text.slice(open[0].length - 1);
  const close = CLOSE.exec(rest);
  if (!close) return 'close';
  const yaml = rest.slice(0, close.index);
  return { yaml, body: rest.slice(close.index + close[0].length), bodyLine: yaml.split('\n').length + 2 };
}
