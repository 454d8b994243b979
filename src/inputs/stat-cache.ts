import fs from 'node:fs';
import path from 'node:path';
import { writeOwned } from '../state/owned-file.js';

/** What a file looked like when its content was hashed. */
export interface StatEntry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  hash: string;
}

const VERSION = 1;

/** A file changed less than this long before it was hashed may change again within the same timestamp. */
const RACY_MS = 2000;

/**
 * path → (size, mtime, ctime, inode) → content hash, so a warm rerun stats files instead of reading
 * them. Persisted as one JSON file, written atomically and owner-only; a file that does not parse,
 * or has the wrong shape, is ignored (everything is hashed again), never trusted.
 */
export class StatCache {
  private entries = new Map<string, StatEntry>();
  private dirty = false;

  constructor(private readonly file: string) {}

  load(): this {
    try {
      const stat = fs.lstatSync(this.file);
      if (!stat.isFile()) return this;
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      if (!isObject(data) || data.version !== VERSION || !isObject(data.files)) return this;
      for (const [file, entry] of Object.entries(data.files)) if (validEntry(entry)) this.entries.set(file, entry);
    } catch {
      this.entries.clear(); // missing or corrupt: start empty
    }
    return this;
  }

  /** The cached hash if the file's stat is exactly what it was when hashed. */
  get(file: string, stat: fs.Stats): string | undefined {
    const e = this.entries.get(file);
    if (!e || e.size !== stat.size || e.mtimeMs !== stat.mtimeMs || e.ctimeMs !== stat.ctimeMs || e.ino !== stat.ino) return undefined;
    return e.hash;
  }

  /** Remember a hash, unless the file changed so recently that a same-timestamp edit could follow unseen. */
  set(file: string, stat: fs.Stats, hash: string, now = Date.now()): void {
    if (now - Math.max(stat.mtimeMs, stat.ctimeMs) < RACY_MS) {
      if (this.entries.delete(file)) this.dirty = true;
      return;
    }
    this.entries.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, hash });
    this.dirty = true;
  }

  /** Write the cache if anything changed: temp file (owner-only, never through a link), then rename. */
  save(): void {
    if (!this.dirty) return;
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!fs.lstatSync(dir).isDirectory()) return; // a link or a file in its place: keep no cache
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeOwned(tmp, JSON.stringify({ version: VERSION, files: Object.fromEntries(this.entries) }));
      fs.renameSync(tmp, this.file);
      this.dirty = false;
    } catch {
      fs.rmSync(tmp, { force: true }); // a cache that cannot be written costs time, not truth
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validEntry(e: unknown): e is StatEntry {
  return isObject(e) && typeof e.hash === 'string' && /^[0-9a-f]{16}$/.test(e.hash)
    && (['size', 'mtimeMs', 'ctimeMs', 'ino'] as const).every((k) => typeof e[k] === 'number' && Number.isFinite(e[k]));
}
