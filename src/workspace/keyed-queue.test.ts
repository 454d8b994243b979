import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.js';

/** A promise settled by hand: the test decides the order things finish in. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('KeyedQueue', () => {
  it('runs different keys at once and the same key in order, even after a failure', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    const a1 = gate();
    const first = q.run('a', async () => { log.push('a1 start'); await a1.promise; log.push('a1 end'); throw new Error('a1 failed'); });
    const second = q.run('a', async () => { log.push('a2'); return 2; });
    const other = q.run('b', async () => { log.push('b'); return 'b'; });
    expect(await other).toBe('b');
    expect(log).toEqual(['a1 start', 'b']);
    a1.open();
    await expect(first).rejects.toThrow('a1 failed');
    expect(await second).toBe(2);
    expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('is idle only once every operation has settled', async () => {
    const q = new KeyedQueue();
    const g = gate();
    let done = false;
    void q.run('x', async () => { await g.promise; done = true; });
    const idle = q.idle().then(() => done);
    g.open();
    expect(await idle).toBe(true);
  });
});
