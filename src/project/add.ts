import fs from 'node:fs';
import path from 'node:path';
import { Document, isSeq } from 'yaml';
import { ID_PATTERN } from '../cards/card.js';
import { readCards } from '../cards/read.js';
import { OrchError } from '../errors.js';
import { layoutOf, rel } from '../state/layout.js';

export interface NewCard {
  id: string;
  title?: string;
  deps?: string[];
  agent?: string;
  body: string;
}

/** Write tasks/<id>-<slug>.md from flags. Refuses a bad or duplicate id; never overwrites a file. */
export function addCard(root: string, card: NewCard): string {
  const layout = layoutOf(root);
  if (!fs.existsSync(layout.dir)) throw new OrchError('STATE_MISSING', `no ${rel(layout, layout.dir)}/ folder here`, { hint: 'run `orch init` first' });
  if (!ID_PATTERN.test(card.id)) {
    throw new OrchError('CARD_ID', `invalid id "${card.id}"`, { hint: 'use letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64 characters' });
  }
  const existing = readCards(layout.tasks, (f) => rel(layout, f)).cards.find((c) => c.id === card.id);
  if (existing) throw new OrchError('CARD_DUPLICATE_ID', `duplicate id "${card.id}" (already in ${existing.file})`, { hint: 'choose another id' });
  if (!card.body.trim()) throw new OrchError('CARD_BODY', 'empty body', { hint: 'give the task with --body "…" or on stdin' });

  const front: Record<string, unknown> = { id: card.id };
  if (card.title) front.title = card.title;
  if (card.deps?.length) front.deps = card.deps;
  if (card.agent) front.agent = card.agent;
  const doc = new Document(front);
  const deps = doc.get('deps', true);
  if (isSeq(deps)) deps.flow = true;
  const yaml = doc.toString({ flowCollectionPadding: false });
  const heading = card.title && !/^#\s/m.test(card.body) ? `# ${card.title}\n\n` : '';
  const slug = (card.title ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48);
  const file = path.join(layout.tasks, `${card.id}${slug ? `-${slug}` : ''}.md`);
  fs.mkdirSync(layout.tasks, { recursive: true });
  fs.writeFileSync(file, `---\n${yaml}---\n${heading}${card.body.trim()}\n`, { flag: 'wx' });
  return rel(layout, file);
}
