import type { Card } from '../cards/card.js';
import { hashText } from '../util/hash.js';

/** The files a card's `inputs` matched, by content. `files` names each one (path → short digest) up to a limit. */
export interface InputsDigest {
  /** Hash of every matched path and its content hash, sorted by path. */
  hash: string;
  /** How many files matched. */
  count: number;
  /** Path → content digest, for saying which input changed; absent past INPUT_NAMES_LIMIT files. */
  files?: Record<string, string>;
  /** Patterns that were not expanded (absolute, or leaving the project). */
  outside?: string[];
}

/** Past this many files a done record keeps only the digest of all of them, not each name. */
export const INPUT_NAMES_LIMIT = 2000;

/** What a card's result depends on, part by part: recorded on `done` so a later run can say what changed. */
export interface FingerprintParts {
  /** The card as written: front matter (incl. `verify` and `command`) and body. */
  card: string;
  /** Its agent's settings. */
  agent: string;
  /** Each dep's result hash ('-' when it has none). */
  deps: Record<string, string>;
  /** Only for cards with `inputs`. */
  inputs?: InputsDigest;
}

export function fingerprintParts(
  card: Card, agentHash: string, depResult: (id: string) => string | undefined, inputs?: (card: Card) => InputsDigest,
): FingerprintParts {
  const deps: Record<string, string> = {};
  for (const id of [...new Set(card.deps)].sort()) deps[id] = depResult(id) ?? '-';
  const parts: FingerprintParts = { card: card.hash, agent: agentHash, deps };
  if (card.inputs.length && inputs) parts.inputs = inputs(card);
  return parts;
}

/**
 * What a card's result depends on: the card as written (its `verify` text included), its agent's
 * settings, its deps' results (by content) and, when it has `inputs`, the content of every file they
 * match. A card with no `inputs` depends only on the first three. A done card whose fingerprint is
 * unchanged does not run again. Without inputs the value is what earlier versions computed, so
 * upgrading does not rerun done cards.
 */
export function fingerprintOf(parts: FingerprintParts): string {
  const deps = Object.keys(parts.deps).sort().map((id) => `${id}=${parts.deps[id]}`);
  const inputs = parts.inputs ? [`inputs=${parts.inputs.hash}`] : [];
  return hashText(parts.card, parts.agent, ...deps, ...inputs);
}
