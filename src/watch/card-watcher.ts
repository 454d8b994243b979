import type { FSWatcher } from 'chokidar';
import { isCardFile } from '../cards/read.js';

/**
 * Tells when card files under tasks/ are added, changed or removed, debounced: an agent writing ten
 * cards in a burst causes one reload. chokidar is loaded once the run is going (start-up is latency).
 */
export class CardWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly tasksDir: string, private readonly onChange: () => void, private readonly debounceMs = 50) {}

  start(): Promise<void> {
    return (this.starting ??= this.open());
  }

  private async open(): Promise<void> {
    const { watch } = await import('chokidar');
    if (this.closed) return;
    const watcher = watch(this.tasksDir, { ignoreInitial: true, depth: 0, awaitWriteFinish: { stabilityThreshold: 40, pollInterval: 10 } });
    this.watcher = watcher;
    watcher.on('all', (_event, file) => {
      if (!isCardFile(file)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(this.onChange, this.debounceMs);
    });
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.starting?.catch(() => {});
    await this.watcher?.close();
  }
}
