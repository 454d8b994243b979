import fs from 'node:fs';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../errors.js';
import type { Card } from './card.js';
import { parseCard } from './parse.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Card files: `*.md` directly under tasks/, except README.md and names starting with `_` or `.`. */
export function listCardFiles(tasksDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(tasksDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.md') && !/^[_.]/.test(n) && n.toLowerCase() !== 'readme.md')
    .sort()
    .map((n) => path.join(tasksDir, n));
}

export function isCardFile(file: string): boolean {
  const name = path.basename(file);
  return name.endsWith('.md') && !/^[_.]/.test(name) && name.toLowerCase() !== 'readme.md';
}

/** Read and parse one card file; `shown` is the path used in messages. */
export function readCard(file: string, shown: string): { card?: Card; diagnostics: Diagnostic[] } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { diagnostics: [diagnostic('IO', `cannot read card: ${(error as NodeJS.ErrnoException).code ?? error}`, { place: { file: shown } })] };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const line = lineOfFirstBadByte(bytes);
    return { diagnostics: [diagnostic('CARD_ENCODING', 'not UTF-8 text', { place: { file: shown, line, column: 1 }, hint: 'save the card as UTF-8' })] };
  }
  return parseCard(text, shown);
}

export function readCards(tasksDir: string, show: (file: string) => string): { cards: Card[]; diagnostics: Diagnostic[] } {
  const cards: Card[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of listCardFiles(tasksDir)) {
    const parsed = readCard(file, show(file));
    if (parsed.card) cards.push(parsed.card);
    diagnostics.push(...parsed.diagnostics);
  }
  return { cards, diagnostics };
}

function lineOfFirstBadByte(bytes: Buffer): number {
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    try {
      utf8.decode(bytes.subarray(start, stop));
    } catch {
      return line;
    }
    start = stop + 1;
  }
  return 1;
}
