import fs from 'node:fs';
import type { LogEvent } from './events.js';

/**
 * The append-only event log. One write() per line on an O_APPEND descriptor: a line is in the file
 * before the runner acts on it, and survives kill -9 of the runner (it is in the kernel, not in a
 * buffer of ours). Power loss is not covered: no fsync per line, for speed.
 */
export class EventLog {
  private readonly fd: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'a');
  }

  append(event: LogEvent): void {
    fs.writeSync(this.fd, `${JSON.stringify(event)}\n`);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Every whole line of the log; a torn or garbled line (a crash mid-write) is skipped. */
export function readEvents(file: string): LogEvent[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const events: LogEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const event = JSON.parse(line) as LogEvent;
      if (event && typeof event === 'object' && typeof event.type === 'string') events.push(event);
    } catch {
      // torn last line after a crash
    }
  }
  return events;
}

export function appendEvents(file: string, events: LogEvent[]): void {
  if (events.length) fs.appendFileSync(file, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
}
