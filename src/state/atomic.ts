import fs from 'node:fs';

let counter = 0;

/**
 * Write a file so that it is either whole or absent, even if the process is killed mid-write: a
 * temp file beside it, then rename. No fsync: survives kill -9 of orch, not a power cut.
 */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.${counter++}.tmp`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
