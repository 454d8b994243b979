import fs from 'node:fs';

/** The start of a file, at most `maxBytes` of it (a result may be gigabytes); undefined if it cannot be read. */
export function readBounded(file: string, maxBytes: number): { text: string; size: number; cut: boolean } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(size, maxBytes));
    let got = 0;
    while (got < buffer.length) {
      const n = fs.readSync(fd, buffer, got, buffer.length - got, got);
      if (n === 0) break;
      got += n;
    }
    // a multi-byte character cut at the end decodes as U+FFFD: drop it
    const text = buffer.subarray(0, got).toString('utf8').replace(/\uFFFD$/, '');
    return { text, size, cut: size > got };
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}
