import fs from 'node:fs';
import path from 'node:path';
import { writeAtomic } from '../state/atomic.js';
import type { Layout } from '../state/layout.js';

/**
 * A card's committed work waiting for its merge, kept across a crash: the commit and the attempt's
 * result. Written after the commit and before the merge is queued; removed once the card's end is
 * recorded. A rerun that finds one merges (or finds merged) that commit instead of running the card again.
 */
export interface PendingMerge {
  card: string;
  /** The card as it was (its hash): an edited card runs again instead. */
  cardHash: string;
  agent: string;
  run: string;
  attempt: number;
  commit: string;
  branch: string;
}

export const pendingDir = (layout: Layout): string => path.join(layout.dir, 'merges');
const jsonOf = (layout: Layout, id: string) => path.join(pendingDir(layout), `${id}.json`);
export const pendingResult = (layout: Layout, id: string): string => path.join(pendingDir(layout), `${id}.result.md`);

/** Move the attempt's result file aside (it survives the start of the next run, unlike tmp/). */
export function keepResult(layout: Layout, id: string, resultFile: string): string {
  fs.mkdirSync(pendingDir(layout), { recursive: true });
  const kept = pendingResult(layout, id);
  fs.renameSync(resultFile, kept);
  return kept;
}

export function writePending(layout: Layout, pending: PendingMerge): void {
  fs.mkdirSync(pendingDir(layout), { recursive: true });
  writeAtomic(jsonOf(layout, pending.card), `${JSON.stringify(pending)}\n`);
}

export function readPending(layout: Layout, id: string): PendingMerge | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(jsonOf(layout, id), 'utf8')) as PendingMerge;
    return value && value.card === id && typeof value.commit === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function removePending(layout: Layout, id: string): void {
  fs.rmSync(jsonOf(layout, id), { force: true });
  fs.rmSync(pendingResult(layout, id), { force: true });
}
