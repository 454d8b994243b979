import type { LogEvent } from './events.js';
import { readOwned } from './owned-file.js';

/**
 * Every whole line of the log; a torn or garbled line (a crash mid-write) is skipped. The log is
 * read without following a link or blocking on a FIFO; one that is absent or unreadable reads as
 * empty here (the runner's EventLog refuses it with one line).
 */
export function readEvents(file: string): LogEvent[] {
  let text: string | undefined;
  try {
    text = readOwned(file);
  } catch {
    return [];
  }
  if (!text) return [];
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
