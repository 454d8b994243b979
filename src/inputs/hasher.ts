import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Card } from '../cards/card.js';
import { INPUT_NAMES_LIMIT, type InputsDigest } from '../scheduler/fingerprint.js';
import { hashText } from '../util/hash.js';
import { expandGlobs } from './expand.js';
import { StatCache } from './stat-cache.js';

/** Where the stat cache of input hashes lives. */
export function statCachePath(root: string): string {
  return path.join(root, '.orchestrator', 'cache', 'inputs.json');
}

export interface InputHasher {
  /** The content digest of every file the card's `inputs` match now. */
  digest(card: Card): InputsDigest;
  /** How many files each of the card's `inputs` patterns matches. */
  counts(card: Card): Array<{ pattern: string; files: number; outside: boolean }>;
  /** Persist the stat cache (call once, at the end). */
  save(): void;
}

/** Hashes cards' inputs from `root`, reading only files whose size, times or inode changed since last hashed. */
export function createInputHasher(root: string, options: { cacheFile?: string; now?: () => number } = {}): InputHasher {
  const cache = new StatCache(options.cacheFile ?? statCachePath(root)).load();
  const now = options.now ?? Date.now;
  const real = safeRealpath(root);
  const base = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  const dirs = new Map<string, boolean>();
  // a literal pattern can name a path through a symlinked folder: only folders that resolve inside the project count
  const dirInside = (dir: string): boolean => {
    let inside = dirs.get(dir);
    if (inside === undefined) dirs.set(dir, (inside = dir === '.' || within(real, safeRealpath(path.join(root, dir)))));
    return inside;
  };
  const hashFile = (file: string): string | undefined => {
    const full = `${base}${file}`; // tinyglobby's paths are already normal: no path.join per file
    let stat: fs.Stats;
    try {
      if (!dirInside(path.dirname(file))) return hashText('outside', file);
      stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) {
        // a link is followed only to a file inside the project; otherwise what counts is where it points
        const target = safeRealpath(full);
        if (!target || !within(real, target)) return hashText('link', fs.readlinkSync(full));
        stat = fs.statSync(target);
      }
      if (!stat.isFile()) return undefined;
    } catch {
      return undefined; // gone between the glob and the stat
    }
    const cached = cache.get(file, stat);
    if (cached) return cached;
    let hash: string;
    try {
      hash = createHash('sha256').update(fs.readFileSync(full)).digest('hex').slice(0, 16);
    } catch (error) {
      return hashText('unreadable', (error as NodeJS.ErrnoException).code ?? 'error');
    }
    cache.set(file, stat, hash, now());
    return hash;
  };
  return {
    digest(card) {
      const { files, outside } = expandGlobs(root, card.inputs);
      const pairs: Array<[string, string]> = [];
      for (const file of files) {
        const hash = hashFile(file);
        if (hash) pairs.push([file, hash]);
      }
      const digest: InputsDigest = { hash: hashText(...pairs.flat(), ...outside.map((p) => `outside:${p}`)), count: pairs.length };
      if (pairs.length <= INPUT_NAMES_LIMIT) digest.files = Object.fromEntries(pairs);
      if (outside.length) digest.outside = outside;
      return digest;
    },
    counts(card) {
      return card.inputs.map((pattern) => {
        const { files, outside } = expandGlobs(root, [pattern]);
        return { pattern, files: files.length, outside: outside.length > 0 };
      });
    },
    save: () => cache.save(),
  };
}

function safeRealpath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

function within(root: string | undefined, file: string | undefined): boolean {
  if (!root || !file) return false;
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
