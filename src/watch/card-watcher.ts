import { watch, type FSWatcher } from 'chokidar';
import { isCardFile } from '../cards/read.js';

/**
 * Tells when card files under tasks/ are added, changed or removed, debounced: an agent writing ten
 * cards in a burst causes one reload.
 */
export class CardWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly tasksDir: string, private readonly onChange: () => void, private readonly debounceMs = 50) {}

  async start(): Promise<void> {
    this.watcher = watch(this.tasksDir, { ignoreInitial: true, depth: 0, awaitWriteFinish: { stabilityThreshold: 40, pollInterval: 10 } });
    this.watcher.on('all', (_event, file) => {
      if (!isCardFile(file)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(this.onChange, this.debounceMs);
    });
    await new Promise<void>((resolve) => this.watcher!.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher?.close();
  }
}
