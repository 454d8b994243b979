import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { LogEvent } from '../state/events.js';

export interface FollowerHandlers {
  /** Whole new lines appended since the last call, parsed; torn or garbled lines skipped. */
  events(events: LogEvent[]): void;
  /** The log was replaced or cut short: fold it again from the start. */
  restart(): void;
}

/**
 * Follows the event log by its new bytes: a stat every `intervalMs`, and a read of what was appended.
 * A line without its newline yet waits for the rest. Polling rather than fs.watch: the log may not
 * exist yet, and a stat is cheaper than the watcher's bookkeeping.
 */
export class LogFollower {
  private offset = 0;
  private ino = 0;
  private pending = '';
  private decoder = new StringDecoder('utf8');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly handlers: FollowerHandlers,
    private readonly intervalMs = 100,
  ) {}

  /** Read everything there is now, then keep following. */
  start(): void {
    this.poll();
    this.timer = setInterval(() => this.poll(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Read what was appended since the last poll. */
  poll(): void {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch {
      if (this.offset > 0) this.reset();
      return;
    }
    if ((this.ino && stat.ino !== this.ino) || stat.size < this.offset) this.reset();
    this.ino = stat.ino;
    if (stat.size === this.offset) return;
    const fd = fs.openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(stat.size - this.offset);
      const read = fs.readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += read;
      this.take(this.decoder.write(buffer.subarray(0, read)));
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Read from the start again at the next poll, without telling `restart`. */
  rewind(): void {
    this.offset = 0;
    this.ino = 0;
    this.pending = '';
    this.decoder = new StringDecoder('utf8');
  }

  private reset(): void {
    this.rewind();
    this.handlers.restart();
  }

  private take(text: string): void {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    const events: LogEvent[] = [];
    for (const line of lines) {
      if (!line) continue;
      try {
        const event = JSON.parse(line) as LogEvent;
        if (event && typeof event === 'object' && typeof event.type === 'string') events.push(event);
      } catch {
        // a torn line from a crash: skipped, as readEvents does
      }
    }
    if (events.length) this.handlers.events(events);
  }
}
