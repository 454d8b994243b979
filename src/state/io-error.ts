import path from 'node:path';
import { OrchError } from '../errors.js';

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a folder on the way is not a directory',
  ELOOP: 'it is a symlink, and orch does not follow links in its own folder',
  ENXIO: 'it is a FIFO or device, not a file',
  EIO: 'input/output error',
};

/**
 * An I/O fault on a file orch owns, as data: code `IO`, one line naming the path and the errno.
 * `errno` is the system code (`ENOSPC`, `ELOOP`, …) or `ETYPE` for a path of the wrong kind.
 */
export class StateIoError extends OrchError {
  readonly file: string;
  readonly errno: string;

  constructor(file: string, errno: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('IO', message, options);
    this.name = 'StateIoError';
    this.file = file;
    this.errno = errno;
  }
}

/** The event log itself cannot be written: the run must end (exit 2, after releasing the lock). */
export class EventLogError extends StateIoError {
  constructor(file: string, errno: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(file, errno, message, options);
    this.name = 'EventLogError';
  }
}

/** A path as the user sees it: relative to the working folder when inside it. */
export function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export function errnoOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

/** `cannot write .orchestrator/status.md: ENOSPC (no space left on device)`. */
export function ioError(verb: string, file: string, error: unknown, make: typeof StateIoError = StateIoError): StateIoError {
  if (error instanceof make) return error;
  if (error instanceof StateIoError) return new make(error.file, error.errno, error.message, { hint: error.hint, cause: error });
  const errno = errnoOf(error);
  const reason = REASONS[errno] ?? (error as Error | undefined)?.message ?? String(error);
  return new make(file, errno, `cannot ${verb} ${shownPath(file)}: ${errno} (${reason})`, { hint: hintFor(errno), cause: error });
}

/** A state path of the wrong kind (a directory, FIFO or link where orch keeps a file). */
export function wrongKind(file: string, kind: string, want: 'file' | 'folder', make: typeof StateIoError = StateIoError): StateIoError {
  const errno = kind === 'symlink' ? 'ELOOP' : 'ETYPE';
  return new make(file, errno, `${shownPath(file)} is a ${kind}, not a ${want}`, {
    hint: kind === 'symlink' ? 'orch does not follow links in its own folder: remove the link' : `remove it or move it aside; orch keeps a ${want} there`,
  });
}

function hintFor(errno: string): string {
  if (errno === 'ENOSPC' || errno === 'EDQUOT') return 'free some space, then run again';
  if (errno === 'EROFS' || errno === 'EACCES' || errno === 'EPERM') return 'make the folder writable, then run again';
  if (errno === 'ELOOP') return 'remove the link';
  return 'fix the path, then run again';
}
