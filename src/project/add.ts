import fs from 'node:fs';
import path from 'node:path';
import { Document, isSeq } from 'yaml';
import { ID_PATTERN } from '../cards/card.js';
import { frontMatterFromFlags } from '../cards/flags.js';
import { stringifyFrontMatter } from '../cards/front-matter.js';
import { parseCard } from '../cards/parse.js';
import { readCards } from '../cards/read.js';
import { readConfig } from '../config/read.js';
import { diagnostic, hasErrors, OrchError, type Diagnostic } from '../errors.js';
import { layoutOf, rel, type Layout } from '../state/layout.js';
import { withStateLock } from '../state/lock.js';
import { checkProject } from './check.js';

export interface NewCard {
  id: string;
  body: string;
  /** Field values by field name, as `orch add`'s flags give them (`deps: 'a,b'`, `final: true`). */
  fields?: Readonly<Record<string, unknown>>;
}

export interface AddedCard {
  /** The file written, relative to the project root; absent when the card was refused. */
  file?: string;
  /** The new card's problems, as `orch validate` would report them. */
  diagnostics: Diagnostic[];
}

/** The card's text as `orch add` writes it: front matter by gray-matter, lists in flow style. */
export function cardText(card: NewCard): string {
  const front: Record<string, unknown> = { id: card.id, ...frontMatterFromFlags(card.fields ?? {}) };
  const doc = new Document(front);
  for (const key of Object.keys(front)) {
    const node = doc.get(key, true);
    if (isSeq(node)) node.flow = true;
  }
  const title = typeof front.title === 'string' ? front.title : undefined;
  const heading = title && !/^#\s/m.test(card.body) ? `# ${title}\n\n` : '';
  return stringifyFrontMatter(`${heading}${card.body.trim()}\n`, doc.toString({ flowCollectionPadding: false }));
}

/**
 * Write tasks/<id>.md from flags, after the checks `orch validate` makes. Writes nothing when the
 * card would be invalid or its id or file is taken; never overwrites a file.
 */
export function addCard(root: string, card: NewCard): AddedCard {
  const layout = layoutOf(root);
  if (!fs.existsSync(layout.dir)) throw new OrchError('STATE_MISSING', `no ${rel(layout, layout.dir)}/ folder here`, { hint: 'run `orch init` first' });
  if (!ID_PATTERN.test(card.id)) {
    throw new OrchError('CARD_ID', `invalid id "${card.id}"`, { hint: 'use letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64 characters' });
  }
  if (!card.body.trim()) throw new OrchError('CARD_BODY', 'empty body', { hint: 'give the task with --body "…" or on stdin' });
  // held against `orch reset` and another `orch add`; a live run picks the new card up, as its own planning cards do
  return withStateLock(layout, { command: 'add', ifRunning: 'proceed' }, () => writeCard(layout, card));
}

function writeCard(layout: Layout, card: NewCard): AddedCard {
  const file = path.join(layout.tasks, `${card.id}.md`);
  const shown = rel(layout, file);
  const existing = readCards(layout.tasks, (f) => rel(layout, f));
  const taken = existing.cards.find((c) => c.id === card.id)?.file ?? (existing.brokenIds.includes(card.id) ? 'a card with errors' : undefined);
  if (taken) throw new OrchError('CARD_DUPLICATE_ID', `duplicate id "${card.id}" (already in ${taken})`, { hint: 'choose another id' });
  if (fs.existsSync(file)) throw new OrchError('CARD_DUPLICATE_ID', `${shown} already exists`, { hint: 'choose another id, or edit that file' });

  const text = cardText(card);
  const parsed = parseCard(text, shown);
  const diagnostics = parsed.diagnostics;
  if (parsed.card) {
    const { config } = readConfig(layout.config, rel(layout, layout.config));
    const checked = checkProject([...existing.cards, parsed.card], config, existing.brokenIds);
    diagnostics.push(...checked.diagnostics.filter((d) => d.place?.file === shown && d.severity === 'error'));
  }
  if (hasErrors(diagnostics) || !parsed.card) {
    return { diagnostics: diagnostics.length ? diagnostics : [diagnostic('CARD_FIELD', 'the card would be invalid', { place: { file: shown } })] };
  }
  fs.mkdirSync(layout.tasks, { recursive: true });
  fs.writeFileSync(file, text, { flag: 'wx' });
  return { file: shown, diagnostics };
}
