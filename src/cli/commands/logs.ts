import fs from 'node:fs';
import { readEvents } from '../../state/event-log.js';
import { layoutOf, logPath } from '../../state/layout.js';
import { isHolderAlive, readLock } from '../../state/lock.js';
import { renderLog } from '../../logs/render.js';
import { nearest } from '../../util/nearest.js';
import type { Io } from '../io.js';

/**
 * Print an attempt's log (the latest by default), the agent's structured output rendered readably
 * (`--raw`: the bytes as written); `--follow` keeps printing until that attempt ends.
 */
export async function logsCommand(io: Io, id: string, options: { attempt?: number; follow?: boolean; raw?: boolean }): Promise<number> {
  const layout = layoutOf(io.cwd);
  const logs = listLogs(layout.logs);
  const attempts = logs.filter((l) => l.id === id).map((l) => l.attempt).sort((a, b) => a - b);
  const attempt = options.attempt ?? attempts[attempts.length - 1];
  if (attempt === undefined || !attempts.includes(attempt)) {
    const guess = nearest(id, new Set(logs.map((l) => l.id)), 2);
    const hint = attempts.length ? `its attempts: ${attempts.join(', ')}` : guess ? `did you mean "${guess}"?` : 'it has not run yet';
    io.err.write(`error no log for "${id}"${options.attempt ? ` attempt ${options.attempt}` : ''} — ${hint}\n`);
    return 2;
  }
  const file = logPath(layout, id, attempt);
  if (!options.raw && !options.follow) {
    const text = renderLog(fs.readFileSync(file, 'utf8'));
    io.out.write(text.endsWith('\n') || !text ? text : `${text}\n`);
    return 0;
  }
  let offset = 0;
  let partial = '';
  const drain = (last = false) => {
    const size = fs.statSync(file).size;
    if (size > offset) {
      const fd = fs.openSync(file, 'r');
      const buffer = Buffer.alloc(size - offset);
      fs.readSync(fd, buffer, 0, buffer.length, offset);
      fs.closeSync(fd);
      offset = size;
      if (options.raw) io.out.write(buffer);
      else partial += buffer.toString('utf8');
    }
    if (options.raw) return;
    // rendered a whole line at a time, as lines arrive
    const cut = last ? partial.length : partial.lastIndexOf('\n') + 1;
    if (cut > 0) {
      const text = renderLog(partial.slice(0, cut));
      io.out.write(text.endsWith('\n') ? text : `${text}\n`);
      partial = partial.slice(cut);
    }
  };
  drain();
  while (options.follow && attemptRunning(layout.events, layout.lock, id, attempt)) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    drain();
  }
  drain(true);
  return 0;
}

function listLogs(dir: string): Array<{ id: string; attempt: number }> {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((name) => {
    const m = /^(.*)\.(\d+)\.log$/.exec(name);
    return m ? [{ id: m[1]!, attempt: Number(m[2]) }] : [];
  });
}

function attemptRunning(eventsFile: string, lockFile: string, id: string, attempt: number): boolean {
  const holder = readLock(lockFile);
  if (!holder || !isHolderAlive(holder)) return false;
  const events = readEvents(eventsFile);
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'card' && e.card === id && e.attempt === attempt) return e.to === 'running';
  }
  return true;
}
