import type { Card } from '../cards/card.js';
import { hashText } from '../util/hash.js';

/**
 * What a card's result depends on: the card as written, its agent's settings and its deps' results
 * (by content). A done card whose fingerprint is unchanged does not run again.
 */
export function fingerprintOf(card: Card, agentHash: string, depResult: (id: string) => string | undefined): string {
  const deps = [...new Set(card.deps)].sort().map((id) => `${id}=${depResult(id) ?? '-'}`);
  return hashText(card.hash, agentHash, ...deps);
}
