import fs from 'node:fs';

/**
 * Open a file orch owns (a log, a prompt) for writing: never through a symlink (O_NOFOLLOW), and
 * readable by the owner only, since it holds code and whatever agents printed. Throws the errno
 * error (ELOOP for a planted link); callers turn it into data.
 */
export function openOwned(file: string, flags: 'w' | 'a' = 'w'): number {
  const { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND, O_NOFOLLOW } = fs.constants;
  const mode = O_WRONLY | O_CREAT | O_NOFOLLOW | (flags === 'w' ? O_TRUNC : O_APPEND);
  return fs.openSync(file, mode, 0o600);
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
