import fs from 'node:fs';
import path from 'node:path';
import { ORCH_DIR } from '../state/layout.js';

/** The nearest folder, from `start` up to the filesystem root, that holds `.orchestrator/` (like git finds `.git`). */
export function findProjectRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (isDir(path.join(dir, ORCH_DIR))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Same folder, through links: for comparing ORCH_DIR with a project's `.orchestrator/`. */
export function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}
