import fs from 'node:fs';
import { EVENT_SCHEMA, type LogEvent } from './events.js';
import { EventLogError, ioError, shownPath, wrongKind } from './io-error.js';
import { kindOf, openOwned } from './owned-file.js';
import { repairTornTail } from './torn-tail.js';

export { readEvents } from './event-log-read.js';

export interface EventLogOptions {
  /** Every record the log must hold (the runner's list in memory), to rewrite it if it is replaced. */
  records?: () => readonly LogEvent[];
  /** Told, in one line, when the log was repaired on open or found replaced during the run. */
  notice?: (line: string) => void;
  /**
   * How often the path is checked, at most (default 20 ms; 0: before every append). An lstat costs
   * about as much as the append itself; nothing is lost between checks, since a rewrite holds every
   * record, and close() always checks.
   */
  checkEveryMs?: number;
}

/**
 * The append-only event log. One write() per line on an O_APPEND descriptor: a line is in the file
 * before the runner acts on it, and survives kill -9 of the runner (it is in the kernel, not in a
 * buffer of ours). Power loss is not covered: no fsync per line, for speed.
 *
 * Never trusted blindly: opened without following a link, a torn last line is repaired first, and
 * before an append one lstat() checks (at most every `checkEveryMs`, and on close) that the path is
 * still our file (same inode, the size we left it at). If it was deleted, renamed, replaced or cut short, the log says so and rewrites it
 * from `records` (or, without them, from the old file still open). Any write failure throws an
 * EventLogError (code IO, one line): the run must end.
 */
export class EventLog {
  private fd = -1;
  private ino = 0;
  private dev = 0;
  private size = 0;
  private checkedAt = 0;

  constructor(readonly file: string, private readonly options: EventLogOptions = {}) {
    this.fd = openLog(file);
    try {
      const repaired = repairTornTail(this.fd);
      if (repaired) options.notice?.(`orch: ${shownPath(file)} ended in a torn line (${repaired.bytes} bytes, from a run that stopped mid-write): ${repaired.action === 'cut' ? 'cut it off' : 'ended it'}`);
    } catch (error) {
      fs.closeSync(this.fd);
      throw ioError('repair', file, error, EventLogError);
    }
    this.remember();
  }

  append(event: LogEvent): void {
    const now = Date.now();
    if (now - this.checkedAt >= (this.options.checkEveryMs ?? 20)) {
      this.checkedAt = now;
      this.ensureInPlace();
    }
    stamp(event);
    this.write(`${JSON.stringify(event)}\n`);
  }

  /** Checks once more that the path holds every record, then closes. */
  close(): void {
    if (this.fd < 0) return;
    try {
      this.ensureInPlace();
    } finally {
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }

  private write(text: string): void {
    const bytes = Buffer.from(text);
    try {
      for (let done = 0; done < bytes.length; ) done += fs.writeSync(this.fd, bytes, done);
    } catch (error) {
      throw ioError('write', this.file, error, EventLogError);
    }
    this.size += bytes.length;
  }

  /** One lstat: is the path still the file we write? */
  private ensureInPlace(): void {
    const now = fs.lstatSync(this.file, { throwIfNoEntry: false });
    if (now && now.ino === this.ino && now.dev === this.dev) {
      if (now.size >= this.size) {
        this.size = now.size; // appended to by someone else: keep their lines
        return;
      }
      this.rewrite('cut short');
      return;
    }
    this.rewrite(!now ? 'deleted' : now.isFile() ? 'replaced by another file' : `replaced by a ${kindOf(now)}`);
  }

  private rewrite(what: string): void {
    const lines = this.options.records ? this.options.records().map((e) => `${JSON.stringify(e)}\n`).join('') : this.oldText();
    const tmp = `${this.file}.${process.pid}.rewrite.tmp`;
    try {
      const kind = fs.lstatSync(this.file, { throwIfNoEntry: false });
      // a file someone put in our place is kept aside, not overwritten: nothing is lost
      if (kind?.isFile()) fs.renameSync(this.file, `${this.file}.replaced-${Date.now()}`);
      else if (kind?.isDirectory()) throw wrongKind(this.file, 'folder', 'file', EventLogError);
      fs.rmSync(tmp, { force: true });
      const fd = openOwned(tmp, 'wx');
      try {
        fs.writeFileSync(fd, lines);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file); // replaces a planted link; never writes through it
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw error instanceof EventLogError ? error : ioError('rewrite', this.file, error, EventLogError);
    }
    fs.closeSync(this.fd);
    this.fd = openLog(this.file);
    this.remember();
    this.options.notice?.(`orch: ${shownPath(this.file)} was ${what} during the run: rewrote it from the run's records (${lines ? lines.split('\n').length - 1 : 0})`);
  }

  /** The whole of the file we had open (deleted or renamed, it is still there for us), from byte 0. */
  private oldText(): string {
    const chunks: Buffer[] = [];
    for (let at = 0; ; ) {
      const chunk = Buffer.alloc(64 * 1024);
      const n = fs.readSync(this.fd, chunk, 0, chunk.length, at);
      if (!n) break;
      chunks.push(chunk.subarray(0, n));
      at += n;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    return text && !text.endsWith('\n') ? `${text}\n` : text;
  }

  private remember(): void {
    const stat = fs.fstatSync(this.fd);
    this.ino = stat.ino;
    this.dev = stat.dev;
    this.size = stat.size;
  }
}

/** Open the log for reading and appending, refusing a link, a folder or a FIFO in its place. */
function openLog(file: string): number {
  try {
    return openOwned(file, 'rw+');
  } catch (error) {
    throw error instanceof EventLogError ? error : ioError('open', file, error, EventLogError);
  }
}

/**
 * Every run-started record says which version of the log's format it begins. Set on the caller's
 * object, so that the records it keeps in memory (and a rewrite from them) say the same.
 */
function stamp(event: LogEvent): void {
  if (event.type === 'run-started' && event.schema === undefined) event.schema = EVENT_SCHEMA;
}

/** Append records outside a run (`orch reset`, holding the lock): repairs a torn tail first. */
export function appendEvents(file: string, events: LogEvent[]): void {
  if (!events.length) return;
  const log = new EventLog(file);
  try {
    for (const event of events) log.append(event);
  } finally {
    log.close();
  }
}
