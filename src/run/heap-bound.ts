import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often the heap is looked at (a read of V8's counters: microseconds). */
const CHECK_MS = 250;
/** Garbage allowed above what was live after the last collection, at least. */
const MIN_SLACK = 32 * 2 ** 20;

let collect: (() => void) | undefined;

/** V8's `gc()`, exposed at run time (the runner is started as `node orch`, without flags). */
function collector(): () => void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  return collect;
}

let live = 0;

/** Collect if the heap has grown by half of what was live (at least 32 MB) since the last collection. */
export function collectIfGrown(): void {
  const used = v8.getHeapStatistics().used_heap_size;
  if (used < live + Math.max(MIN_SLACK, live / 2)) return;
  collector()();
  live = v8.getHeapStatistics().used_heap_size;
}

/**
 * Keeps a long run's memory near what it holds. A runner of 10,000 cards allocates fast and keeps
 * little (~60 MB live), and V8 lets garbage grow to four times that before a full collection:
 * hundreds of MB of RSS for nothing. This looks every quarter second (`collectIfGrown`): a few
 * collections of tens of ms in a long run. Returns a stop function.
 */
export function boundHeap(): () => void {
  live = v8.getHeapStatistics().used_heap_size;
  const timer = setInterval(collectIfGrown, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
