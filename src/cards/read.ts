import fs from 'node:fs';
import path from 'node:path';
import { diagnostic, warning, type Diagnostic } from '../errors.js';
import type { Card } from './card.js';
import { parseCard, type ParsedCard } from './parse.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

const notCard = (name: string) => /^[_.]/.test(name) || name.toLowerCase() === 'readme.md';

/** Card files: `*.md` directly under tasks/, except README.md and names starting with `_` or `.`. */
export function listCardFiles(tasksDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(tasksDir);
  } catch {
    return [];
  }
  return names.filter(isCardName).sort().map((n) => path.join(tasksDir, n));
}

function isCardName(name: string): boolean {
  return name.endsWith('.md') && !notCard(name);
}

export function isCardFile(file: string): boolean {
  return isCardName(path.basename(file));
}

function kindOf(stat: fs.Stats): string {
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Read and parse one card file; `shown` is the path used in messages. Anything but a regular file
 * (a FIFO, a directory, a socket, a link) is an error naming it: never opened, so never a hang.
 */
export function readCard(file: string, shown: string): ParsedCard {
  const ioError = (error: unknown) => ({ diagnostics: [diagnostic('IO', `cannot read card: ${(error as NodeJS.ErrnoException).code ?? error}`, { place: { file: shown } })] });
  const notFile = (stat: fs.Stats) => ({ diagnostics: [diagnostic('CARD_NOT_FILE', `${kindOf(stat)}, not a card file`, {
    place: { file: shown }, hint: 'a card is a regular .md file: remove this entry from tasks/, or rename it to start with "_"',
  })] });
  let bytes: Buffer;
  try {
    const before = fs.lstatSync(file);
    if (!before.isFile()) return notFile(before);
    // O_NONBLOCK: should the entry be swapped for a FIFO after the lstat, opening it still returns.
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return notFile(stat);
      bytes = fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    return ioError(error);
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

export interface ReadCards {
  cards: Card[];
  diagnostics: Diagnostic[];
  /** Ids read from cards that are invalid: a dep on one is not also an unknown dep. */
  brokenIds: string[];
  /** Whether tasks/ exists as a folder. */
  folder: boolean;
}

export function readCards(tasksDir: string, show: (file: string) => string): ReadCards {
  const result: ReadCards = { cards: [], diagnostics: [], brokenIds: [], folder: true };
  let names: string[];
  try {
    names = fs.readdirSync(tasksDir);
  } catch (error) {
    result.folder = false;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      result.diagnostics.push(diagnostic('IO', `cannot read the tasks folder: ${code ?? error}`, { place: { file: show(tasksDir) }, hint: 'tasks/ must be a folder of card files' }));
    }
    return result;
  }
  for (const name of names.sort()) {
    const file = path.join(tasksDir, name);
    if (notCard(name)) continue;
    if (!name.endsWith('.md')) {
      if (/\.(md|markdown)$/i.test(name)) {
        result.diagnostics.push(warning('CARD_FILE_NAME', 'not read as a card: card files end in ".md" (lower case)', {
          place: { file: show(file) }, hint: `rename it to ${name.replace(/\.(md|markdown)$/i, '.md')}`,
        }));
      }
      continue;
    }
    const parsed = readCard(file, show(file));
    if (parsed.card) result.cards.push(parsed.card);
    else if (parsed.id) result.brokenIds.push(parsed.id);
    result.diagnostics.push(...parsed.diagnostics);
  }
  return result;
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
