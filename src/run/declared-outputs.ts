import fs from 'node:fs';
import path from 'node:path';
import { picomatch } from '../util/glob.js';

/**
 * The declared outputs that were not created or changed since `since` (epoch ms). A glob is
 * satisfied by any matching file written in that time.
 */
export function missingOutputs(root: string, outputs: readonly string[], since: number): string[] {
  const slack = 5; // file-system timestamps can trail the wall clock by a few ms
  return outputs.filter((pattern) => {
    const scan = picomatch().scan(pattern);
    if (!scan.isGlob) return !writtenSince(path.resolve(root, pattern), since - slack);
    const isMatch = picomatch()(pattern, { dot: true });
    const base = path.resolve(root, scan.base || '.');
    return !someFile(base, (file) => isMatch(path.relative(root, file)) && writtenSince(file, since - slack));
  });
}

function writtenSince(file: string, since: number): boolean {
  try {
    const stat = fs.statSync(file);
    return stat.mtimeMs >= since || stat.ctimeMs >= since;
  } catch {
    return false;
  }
}

function someFile(dir: string, test: (file: string) => boolean): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() ? entry.name !== 'node_modules' && entry.name !== '.git' && someFile(file, test) : test(file)) return true;
  }
  return false;
}
