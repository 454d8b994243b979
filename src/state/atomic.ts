import fs from 'node:fs';
import { openOwned } from './owned-file.js';

let counter = 0;

/**
 * Write a file so that it is either whole or absent, even if the process is killed mid-write: a
 * temp file beside it, created exclusively and never through a link (O_EXCL|O_NOFOLLOW), then
 * renamed over the target. rename() replaces a link planted at the target; it never writes through
 * it. A folder at the target fails (EISDIR), as does a symlink or FIFO planted at the temp name.
 * No fsync: survives kill -9 of orch, not a power cut. `mode` applies to a new file (default 0644).
 */
export function writeAtomic(file: string, data: string | Uint8Array, mode = 0o644): void {
  const tmp = `${file}.${process.pid}.${counter++}.tmp`;
  let created = false;
  try {
    const fd = openOwned(tmp, 'wx', mode);
    created = true;
    try {
      fs.writeFileSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (error) {
    if (created) fs.rmSync(tmp, { force: true });
    throw error;
  }
}
