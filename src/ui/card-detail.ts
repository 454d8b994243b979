import fs from 'node:fs';
import path from 'node:path';
import type { Card } from '../cards/card.js';
import type { CardView } from '../report/view.js';
import { logPath, resultPath, type Layout } from '../state/layout.js';
import type { LiveFold } from './live-fold.js';
import { markdownToSafeHtml } from './markdown-html.js';

/** The most of a prompt, result or log the panel is sent at once. */
export const MAX_TEXT_BYTES = 256 * 1024;

/** What the card panel shows. Settings are the card's own fields: nothing from the environment. */
export interface CardDetail {
  view: CardView;
  settings: Record<string, unknown>;
  prompt?: { attempt: number; text: string; truncated: boolean };
  resultHtml?: string;
  attempts: ReturnType<LiveFold['attemptsOf']>;
  latestAttempt?: number;
  /** It ran in a git worktree: its diff is at /api/cards/<id>/diff (card-diff.ts). */
  worktree: boolean;
}

/** The head of a file, at most `max` bytes; undefined when it cannot be read. */
export function readHead(file: string, max = MAX_TEXT_BYTES): { text: string; truncated: boolean } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(size, max));
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return { text: buffer.subarray(0, read).toString('utf8'), truncated: size > max };
  } finally {
    fs.closeSync(fd);
  }
}

function settingsOf(card: Card): Record<string, unknown> {
  const { body: _body, lines: _lines, hash: _hash, ...fields } = card;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

export function cardDetail(layout: Layout, fold: LiveFold, id: string): CardDetail | undefined {
  const view = fold.cardView(id);
  const card = fold.graph.cards.get(id);
  if (!view || !card) return undefined;
  const attempts = fold.attemptsOf(id);
  const detail: CardDetail = { view, settings: settingsOf(card), attempts, worktree: fold.ranInWorktree(id) };
  const latest = attempts[attempts.length - 1]?.attempt;
  if (latest !== undefined) {
    detail.latestAttempt = latest;
    const prompt = readHead(path.join(layout.prompts, `${id}.${latest}.md`));
    if (prompt) detail.prompt = { attempt: latest, ...prompt };
  }
  if (view.status === 'done') {
    const result = readHead(resultPath(layout, id));
    if (result) detail.resultHtml = markdownToSafeHtml(result.text + (result.truncated ? `\n\n*(cut at ${MAX_TEXT_BYTES / 1024} KB: the whole result is ${view.result})*\n` : ''));
  }
  return detail;
}

/** A piece of an attempt's log: from `from` (or the last MAX_TEXT_BYTES when absent) to its end now. */
export function logSlice(layout: Layout, id: string, attempt: number, from?: number): { text: string; from: number; to: number } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(logPath(layout, id, attempt), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const start = from === undefined || from > size ? Math.max(0, size - MAX_TEXT_BYTES) : Math.max(from, size - MAX_TEXT_BYTES);
    const buffer = Buffer.alloc(size - start);
    const read = fs.readSync(fd, buffer, 0, buffer.length, start);
    return { text: buffer.subarray(0, read).toString('utf8'), from: start, to: start + read };
  } finally {
    fs.closeSync(fd);
  }
}
