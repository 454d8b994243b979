import fs from 'node:fs';
import path from 'node:path';
import type { Graph } from '../graph/build.js';
import { rel, resultPath, type Layout } from '../state/layout.js';
import type { DepResult } from './prompt.js';
import { DEP_RESULT_LIMIT } from './prompt.js';

/**
 * results/ as the runner keeps it: a result exists only for a done card. A card that runs again has
 * its old result set aside first, so no dependent reads a stale one; a finished attempt's temp file
 * is moved in before the card is recorded done.
 */
export class Results {
  /** Ids whose results/<id>.md exists. */
  private readonly present: Set<string>;

  constructor(private readonly layout: Layout) {
    this.present = new Set(fs.readdirSync(layout.results).filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3)));
  }

  ids(): ReadonlySet<string> {
    return this.present;
  }

  /** The card runs again: its old result goes to results/.previous/. */
  setAside(id: string): void {
    if (!this.present.delete(id)) return;
    try {
      fs.renameSync(resultPath(this.layout, id), path.join(this.layout.previous, `${id}.md`));
    } catch {
      // already gone (removed by hand): nothing to set aside
    }
  }

  /** Move a finished attempt's result in. Throws the file system's error. */
  moveIn(id: string, file: string): void {
    fs.renameSync(file, resultPath(this.layout, id));
    this.present.add(id);
  }

  /** The deps' results for a prompt, each read only as far as the prompt shows it. */
  depResults(ids: readonly string[], graph: Graph): DepResult[] {
    return ids.map((id) => {
      const file = resultPath(this.layout, id);
      return { id, title: graph.cards.get(id)?.title ?? id, path: rel(this.layout, file), ...readHead(file, DEP_RESULT_LIMIT) };
    });
  }
}

/** The first `limit` characters of a file (a few more bytes, as UTF-8 may take up to 4 a character), and its whole length. */
function readHead(file: string, limit: number): { text: string; length?: number } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    const size = fs.fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(size, limit * 4 + 4));
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, n).toString('utf8');
    return n < size ? { text: text.slice(0, limit + 1), length: size } : { text };
  } catch {
    return { text: '' };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
