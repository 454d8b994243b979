import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { openOwned } from '../state/owned-file.js';

/** Where a process's output goes: files, never memory; only bounded tails are kept. */
export interface SinkSpec {
  /** The attempt's log: stdout and stderr are appended, up to `logLimit` bytes of file size. */
  logFile?: string;
  logLimit?: number;
  /** Stdout also goes here, whole (a `command` agent's result), hashed as it streams. */
  stdoutFile?: string;
  /** How much of the end of stdout to keep for the adapter's reader (default 1 MB). */
  stdoutCap?: number;
}

/** What is left of a process's output when it closes. */
export interface Captured {
  stdout: string;
  stderr: string;
  /** The end of stdout and stderr interleaved, for messages. */
  tail: string;
  bytes: number;
  /** Stdout was longer than `stdoutCap`: `stdout` is only its end. */
  stdoutCut?: boolean;
  /** hashText-compatible hash of stdoutFile's content. */
  stdoutHash?: string;
  /** `<errno> writing <path>` when a file could not be written. */
  ioError?: string;
}

const TAIL = 64 * 1024;
const DEFAULT_STDOUT_CAP = 1024 * 1024;

/** The last `cap` bytes of a stream, as a few chunks. */
class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly cap: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.chunks.length > 1 && this.size - this.chunks[0]!.length >= this.cap) this.size -= this.chunks.shift()!.length;
  }
  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.cap)).toString('utf8');
  }
}

export class OutputSink {
  private log: number | undefined;
  private logRoom = Infinity;
  private out: number | undefined;
  private hash: Hash | undefined;
  private readonly stdout: Tail;
  private readonly stderr = new Tail(TAIL);
  private readonly both = new Tail(TAIL);
  private bytes = 0;
  private stdoutBytes = 0;
  private ioError: string | undefined;

  constructor(private readonly spec: SinkSpec) {
    this.stdout = new Tail(spec.stdoutCap ?? DEFAULT_STDOUT_CAP);
    if (spec.logFile) {
      this.log = this.open(spec.logFile, 'a');
      if (this.log !== undefined && spec.logLimit !== undefined) this.logRoom = spec.logLimit - fs.fstatSync(this.log).size;
    }
    if (spec.stdoutFile) {
      this.out = this.open(spec.stdoutFile, 'w');
      this.hash = createHash('sha256');
    }
  }

  write(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this.bytes += chunk.length;
    if (stream === 'stdout') this.stdoutBytes += chunk.length;
    (stream === 'stdout' ? this.stdout : this.stderr).push(chunk);
    this.both.push(chunk);
    if (stream === 'stdout' && this.out !== undefined) {
      this.hash!.update(chunk);
      this.out = this.put(this.out, chunk, this.spec.stdoutFile!);
    }
    if (this.log === undefined) return;
    if (chunk.length <= this.logRoom) {
      this.logRoom -= chunk.length;
      this.log = this.put(this.log, chunk, this.spec.logFile!);
      return;
    }
    const note = Buffer.from(`\n[orch] log cut here at maxLogBytes (${this.spec.logLimit} bytes); the process went on, its output is not kept\n`);
    this.log = this.put(this.log, chunk.subarray(0, Math.max(0, this.logRoom)), this.spec.logFile!);
    if (this.log !== undefined) this.put(this.log, note, this.spec.logFile!);
    this.close(this.log);
    this.log = undefined;
  }

  end(): Captured {
    this.close(this.log);
    this.close(this.out);
    const captured: Captured = { stdout: this.stdout.text(), stderr: this.stderr.text(), tail: this.both.text(), bytes: this.bytes };
    if (this.stdoutBytes > (this.spec.stdoutCap ?? DEFAULT_STDOUT_CAP)) captured.stdoutCut = true;
    if (this.hash) captured.stdoutHash = this.hash.update('\0').digest('hex').slice(0, 16);
    if (this.ioError) captured.ioError = this.ioError;
    return captured;
  }

  private open(file: string, flags: 'w' | 'a'): number | undefined {
    try {
      return openOwned(file, flags);
    } catch (error) {
      this.fail(error, file);
      return undefined;
    }
  }

  /** Write all of `chunk`; on an error, note it and stop writing that file (returns undefined). */
  private put(fd: number, chunk: Buffer, file: string): number | undefined {
    try {
      for (let off = 0; off < chunk.length; ) off += fs.writeSync(fd, chunk, off);
      return fd;
    } catch (error) {
      this.fail(error, file);
      this.close(fd);
      return undefined;
    }
  }

  private fail(error: unknown, file: string): void {
    this.ioError ??= `${(error as NodeJS.ErrnoException).code ?? 'EIO'} writing ${file}`;
  }

  private close(fd: number | undefined): void {
    if (fd === undefined) return;
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    if (fd === this.log) this.log = undefined;
    if (fd === this.out) this.out = undefined;
  }
}
