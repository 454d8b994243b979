import type { ListItem, PhrasingContent, RootContent } from 'mdast';
import { STATUS_EMOJI } from '../scheduler/status.js';
import { linkFromOrchDir } from './format.js';
import { link, oneLine, paragraph, text } from './markdown.js';
import type { CardView, RunView } from './view.js';

const MESSAGE_CHARS = 500;

function clip(message: string): string {
  const line = oneLine(message);
  return line.length > MESSAGE_CHARS ? `${line.slice(0, MESSAGE_CHARS - 1)}…` : line;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function failedItem(card: CardView): PhrasingContent[] {
  const out: PhrasingContent[] = [
    { type: 'strong', children: [text(card.id)] },
    text(` · ${oneLine(card.title)}: ${STATUS_EMOJI.failed} failed after ${plural(card.attempts, 'attempt')}`),
  ];
  const error = card.lastError;
  if (error?.kind) out.push(text(' ('), { type: 'inlineCode', value: error.kind }, text(')'));
  if (error?.message) out.push(text(`: ${clip(error.message)}`));
  if (error?.log) out.push(text('. Log: '), link(linkFromOrchDir(error.log), linkFromOrchDir(error.log)));
  if (card.worker) out.push(text(`. Ran on worker ${card.worker}`));
  if (card.worktree) {
    out.push(text('. Its worktree is kept: '), { type: 'inlineCode', value: card.worktree.path }, text(' on '), { type: 'inlineCode', value: card.worktree.branch });
    out.push(text(' ('), { type: 'inlineCode', value: `orch diff ${card.id}` }, text(' shows it, '), { type: 'inlineCode', value: `orch reset ${card.id}` }, text(' removes it)'));
  }
  if (card.blocks?.length) out.push(text(`. Blocked: ${card.blocks.join(', ')}`));
  out.push(text('.'));
  return out;
}

function otherItem(card: CardView): PhrasingContent[] {
  const what = card.status === 'blocked'
    ? `${STATUS_EMOJI.blocked} blocked${card.blockedBy ? ` by ${card.blockedBy}` : ''}`
    : `${STATUS_EMOJI.cancelled} cancelled`;
  return [{ type: 'strong', children: [text(card.id)] }, text(` · ${oneLine(card.title)}: ${what}.`)];
}

/** Failed cards with their last error, log and what they blocked; then blocked and cancelled cards. */
export function failureBlocks(view: RunView): RootContent[] {
  const items: PhrasingContent[][] = [
    ...view.cards.filter((c) => c.status === 'failed').map(failedItem),
    ...view.cards.filter((c) => c.status === 'blocked' || c.status === 'cancelled').map(otherItem),
  ];
  if (!items.length) return [paragraph(text('No card failed.'))];
  const children = items.map((phrasing): ListItem => ({ type: 'listItem', spread: false, children: [paragraph(...phrasing)] }));
  return [{ type: 'list', ordered: false, spread: false, children }];
}
