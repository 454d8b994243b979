import fs from 'node:fs';

/**
 * Make a log end at a line boundary before anything is appended to it. A last line without its
 * newline (a crash or a full disk mid-write) is cut off, so the next record starts on a line of its
 * own and its bytes are in no record; if that last line is nevertheless a whole JSON record, it is
 * kept and only its newline is added. Returns what was done, or undefined if nothing was needed.
 * `fd` must be open for reading and appending.
 */
export function repairTornTail(fd: number): { action: 'cut' | 'ended'; bytes: number } | undefined {
  const size = fs.fstatSync(fd).size;
  if (size === 0 || byteAt(fd, size - 1) === 0x0a) return undefined;
  const start = lastNewline(fd, size) + 1;
  const tail = Buffer.alloc(size - start);
  fs.readSync(fd, tail, 0, tail.length, start);
  if (isRecord(tail.toString('utf8'))) {
    fs.writeSync(fd, '\n');
    return { action: 'ended', bytes: tail.length };
  }
  fs.ftruncateSync(fd, start);
  return { action: 'cut', bytes: tail.length };
}

function byteAt(fd: number, position: number): number {
  const one = Buffer.alloc(1);
  fs.readSync(fd, one, 0, 1, position);
  return one[0]!;
}

/** The offset of the last '\n' before `end`, or -1; read backwards in chunks. */
function lastNewline(fd: number, end: number): number {
  const chunk = Buffer.alloc(64 * 1024);
  for (let stop = end; stop > 0; ) {
    const from = Math.max(0, stop - chunk.length);
    const n = fs.readSync(fd, chunk, 0, stop - from, from);
    const at = chunk.subarray(0, n).lastIndexOf(0x0a);
    if (at >= 0) return from + at;
    stop = from;
  }
  return -1;
}

function isRecord(line: string): boolean {
  try {
    const value = JSON.parse(line) as { type?: unknown };
    return Boolean(value) && typeof value === 'object' && typeof value.type === 'string';
  } catch {
    return false;
  }
}
