import fs from 'node:fs';
import path from 'node:path';
import { parseRequest, type ControlRequest } from './request.js';

/**
 * The runner's side of control requests: every file put in control/ is read, removed and handed
 * on, in the order written. Requests left by a run that ended are taken by the next one.
 */
export class ControlInbox {
  private watcher: fs.FSWatcher | undefined;

  constructor(private readonly dir: string, private readonly take: (request: ControlRequest) => void) {}

  start(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    try {
      this.watcher = fs.watch(this.dir, () => this.drain());
      this.watcher.on('error', () => this.close());
    } catch {
      // no watcher left: requests wait for the next run
    }
    this.drain();
  }

  /** Take every request there now. */
  drain(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      let text: string;
      try {
        const stat = fs.lstatSync(file);
        if (!stat.isFile()) { fs.rmSync(file, { force: true, recursive: false }); continue; }
        text = fs.readFileSync(file, 'utf8');
        fs.rmSync(file, { force: true });
      } catch {
        continue; // taken already, or gone
      }
      const request = parseRequest(text);
      if (request) this.take(request);
    }
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
