import type { RootContent } from 'mdast';
import { formatTime } from './format.js';
import { paragraph, table, text } from './markdown.js';
import type { RunView } from './view.js';

export const INCIDENT_COLUMNS = ['Time (UTC)', 'Card', 'Agent', 'Attempt', 'Error', 'Message', 'Next'];

const MESSAGE_CHARS = 200;

/** Every error of the run and what the runner did about it, by time. */
export function incidentBlocks(view: RunView): RootContent[] {
  if (!view.incidents.length) return [paragraph(text('No errors.'))];
  const rows = view.incidents.map((i) => [
    formatTime(i.t),
    i.card,
    i.agent,
    String(i.attempt),
    { type: 'inlineCode' as const, value: i.kind },
    i.message.length > MESSAGE_CHARS ? `${i.message.slice(0, MESSAGE_CHARS - 1)}…` : i.message,
    i.next,
  ]);
  return [table(INCIDENT_COLUMNS, rows, new Set(['Attempt']))];
}
