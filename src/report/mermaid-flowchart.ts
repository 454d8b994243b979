import { STATUSES, STATUS_EMOJI, type CardStatus } from '../scheduler/status.js';
import { truncate } from './text-width.js';
import type { RunView } from './view.js';

/** Fill, stroke and text colour per status; readable on GitHub's light and dark themes. */
const STYLE: Record<CardStatus, string> = {
  waiting: 'fill:#f8f9fa,stroke:#adb5bd,color:#495057',
  'awaiting-approval': 'fill:#f3d9fa,stroke:#9c36b5,color:#3b0a45',
  pending: 'fill:#f1f3f5,stroke:#495057,color:#212529',
  running: 'fill:#d0ebff,stroke:#1971c2,color:#0b2e4f',
  retrying: 'fill:#ffe8cc,stroke:#e8590c,color:#5c2400',
  done: 'fill:#d3f9d8,stroke:#2b8a3e,color:#0b3d1a',
  failed: 'fill:#ffe3e3,stroke:#c92a2a,color:#5c0a0a',
  blocked: 'fill:#fff3bf,stroke:#e67700,color:#4d2b00',
  cancelled: 'fill:#e9ecef,stroke:#868e96,color:#343a40,stroke-dasharray:5 5',
};

/** Mermaid entity codes (`#quot;`), not HTML ones: the only way to put a quote in a label. */
const ENTITIES: Record<string, string> = {
  '"': '#quot;', '#': '#35;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '`': '#96;',
};

/** Text safe inside a quoted Mermaid label: one line, entity-coded quotes, `#`, HTML and backticks. */
export function escapeMermaidLabel(value: string): string {
  return value.replace(/\s+/g, ' ').trim().replace(/["#<>&`]/g, (c) => ENTITIES[c] ?? c);
}

const TITLE_WIDTH = 48;

/**
 * The DAG as a Mermaid `flowchart TD`, each card a node coloured by its status. Node ids are
 * `c0`, `c1`… in view order: card ids may contain `.` or `-`, or be a Mermaid keyword like `end`.
 */
export function renderFlowchart(view: RunView): string | undefined {
  if (!view.cards.length) return undefined;
  const node = new Map(view.cards.map((card, i) => [card.id, `c${i}`]));
  const lines = ['flowchart TD'];
  for (const card of view.cards) {
    const title = truncate(card.title.replace(/\s+/g, ' ').trim(), TITLE_WIDTH);
    const label = `${STATUS_EMOJI[card.status]} ${escapeMermaidLabel(card.id)}<br>${escapeMermaidLabel(title)}`;
    lines.push(`  ${node.get(card.id)}["${label}"]`);
  }
  for (const card of view.cards) {
    for (const dep of card.deps) {
      const from = node.get(dep);
      if (from) lines.push(`  ${from} --> ${node.get(card.id)}`);
    }
  }
  for (const status of STATUSES) {
    const members = view.cards.filter((c) => c.status === status).map((c) => node.get(c.id));
    if (!members.length) continue;
    lines.push(`  classDef ${status} ${STYLE[status]}`, `  class ${members.join(',')} ${status}`);
  }
  return lines.join('\n');
}
