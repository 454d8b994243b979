import fs from 'node:fs';
import { wrongKind } from './io-error.js';

const { O_RDONLY, O_RDWR, O_WRONLY, O_CREAT, O_TRUNC, O_APPEND, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = fs.constants;

/**
 * Open a file orch owns (a log, a prompt) for writing: never through a symlink (O_NOFOLLOW), never
 * blocking on a planted FIFO (O_NONBLOCK, then a regular-file check), and readable by the owner
 * only, since it holds code and whatever agents printed. Throws the errno error (a planted
 * link becomes a StateIoError naming the path and its kind); callers turn it into data.
 */
export function openOwned(file: string, flags: 'w' | 'a' | 'rw+' | 'wx' = 'w', mode = 0o600): number {
  const how = flags === 'w' ? O_WRONLY | O_CREAT | O_TRUNC
    : flags === 'a' ? O_WRONLY | O_CREAT | O_APPEND
    : flags === 'rw+' ? O_RDWR | O_CREAT | O_APPEND
    : O_WRONLY | O_CREAT | O_EXCL;
  let fd: number;
  try {
    fd = fs.openSync(file, how | O_NOFOLLOW | O_NONBLOCK, mode);
  } catch (error) {
    throw explained(file, error);
  }
  return checkedRegular(file, fd);
}

/** Write a whole file orch owns, refusing a symlink in its place; owner-only. */
export function writeOwned(file: string, data: string | Uint8Array): void {
  const fd = openOwned(file, 'w');
  try {
    fs.writeFileSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

/** Read a file orch owns without following a link; undefined when it is absent. */
export function readOwned(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw explained(file, error);
  }
  checkedRegular(file, fd);
  try {
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** What sits at a path, without following it: 'file', 'folder', 'symlink', 'FIFO', … or undefined. */
export function kindAt(file: string): string | undefined {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  return stat && kindOf(stat);
}

export function kindOf(stat: fs.Stats): string {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'folder';
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isSocket()) return 'socket';
  return 'device';
}

function checkedRegular(file: string, fd: number): number {
  const stat = fs.fstatSync(fd);
  if (stat.isFile()) return fd;
  fs.closeSync(fd);
  throw wrongKind(file, kindOf(stat), 'file');
}

/** ELOOP, EISDIR, ENXIO on open: say what is there instead (a symlink, a folder, a FIFO). */
export function explained(file: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'ELOOP' && code !== 'EISDIR' && code !== 'ENXIO' && code !== 'EMLINK') return error;
  const kind = kindAt(file);
  return kind && kind !== 'file' ? wrongKind(file, kind, 'file') : error;
}
