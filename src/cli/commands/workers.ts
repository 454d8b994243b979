import { Redis } from 'ioredis';
import { redisOptions } from '../../remote/connection.js';
import { liveWorkers } from '../../remote/heartbeat.js';
import type { Io } from '../io.js';

/** `orch workers`: the live workers on a Redis server, their slots and what they run. */
export async function workersCommand(io: Io, flags: { redis: string; json?: boolean }): Promise<number> {
  const options = redisOptions(flags.redis);
  if (typeof options === 'string') {
    io.err.write(`error ${options}\n`);
    return 2;
  }
  const redis = new Redis({ ...options, maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const workers = await liveWorkers(redis);
    if (flags.json) {
      io.out.write(`${JSON.stringify(workers, null, 2)}\n`);
      return 0;
    }
    if (!workers.length) io.out.write('no live workers\n');
    for (const w of workers) {
      const running = w.running.map((r) => `${r.card}#${r.attempt}`).join(', ') || 'idle';
      io.out.write(`${w.name}  ${w.host} pid ${w.pid}  ${w.running.length}/${w.slots} slots  ${running}\n`);
    }
    return 0;
  } catch (error) {
    io.err.write(`error could not reach Redis: ${(error as Error).message} — check --redis\n`);
    return 1;
  } finally {
    redis.disconnect();
  }
}
