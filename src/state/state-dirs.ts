import fs from 'node:fs';
import type { Layout } from './layout.js';
import { ioError, wrongKind } from './io-error.js';
import { kindAt } from './owned-file.js';

/**
 * The .orchestrator folder itself must be a real folder, not a link to somewhere else: everything
 * orch writes goes under it. Throws a StateIoError (one line) otherwise; absent is left to the caller.
 */
export function checkStateFolder(layout: Pick<Layout, 'dir'>): void {
  const kind = kindAt(layout.dir);
  if (kind !== undefined && kind !== 'folder') throw wrongKind(layout.dir, kind, 'folder');
}

/**
 * Create (or check) the folders a run writes in: results/, results/.previous/, logs/, logs/prompts/
 * and an emptied tmp/. Each is made one level at a time and checked with lstat, so a link planted
 * in place of one is refused rather than followed. Logs and prompts are owner-only. Only the lock
 * holder may call this (it clears tmp/).
 */
export function ensureStateDirs(layout: Layout): void {
  checkStateFolder(layout);
  const tmpKind = kindAt(layout.tmp);
  if (tmpKind === 'folder') fs.rmSync(layout.tmp, { recursive: true, force: true });
  else if (tmpKind !== undefined) throw wrongKind(layout.tmp, tmpKind, 'folder');
  for (const [dir, mode] of [[layout.results, 0o755], [layout.previous, 0o755], [layout.logs, 0o700], [layout.prompts, 0o700], [layout.tmp, 0o700]] as const) {
    ensureFolder(dir, mode);
  }
}

/** mkdir without following a link: an existing entry must be a real folder. */
export function ensureFolder(dir: string, mode = 0o755): void {
  try {
    fs.mkdirSync(dir, { mode });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError('create', dir, error);
  }
  const kind = kindAt(dir);
  if (kind !== 'folder') throw wrongKind(dir, kind ?? 'missing entry', 'folder');
}
