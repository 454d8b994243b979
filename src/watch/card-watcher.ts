import fs from 'node:fs';
import { isCardFile } from '../cards/read.js';

/**
 * Tells when card files under tasks/ are added, changed or removed, debounced: an agent writing ten
 * cards in a burst causes one reload, after they have been quiet for `debounceMs`. It watches the
 * one folder with fs.watch (inotify), which keeps no state per file: every change re-reads all
 * cards anyway, and chokidar's per-file bookkeeping cost ~28 MB at 10,000 cards.
 */
export class CardWatcher {
  private watcher: fs.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly tasksDir: string, private readonly onChange: () => void, private readonly debounceMs = 100) {}

  start(): void {
    try {
      this.watcher = fs.watch(this.tasksDir, { persistent: true }, (_event, name) => {
        if (name && !isCardFile(String(name))) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(this.onChange, this.debounceMs);
      });
      this.watcher.on('error', () => this.close());
    } catch {
      // no live pickup (folder gone, or no watcher left); the run checks the cards once more at its end
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}
