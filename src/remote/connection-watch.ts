import type { Redis } from 'ioredis';

/** One line when the connection to Redis is lost, one when it is back. */
export function watchConnection(redis: Redis, say: (line: string) => void, who = 'orch worker'): void {
  let ready = false;
  let lost = false;
  redis.on('ready', () => {
    if (lost) say(`${who}: reconnected to Redis`);
    ready = true;
    lost = false;
  });
  redis.on('error', () => {});
  redis.on('close', () => {
    if (ready && !lost) say(`${who}: lost the connection to Redis; reconnecting`);
    lost = ready || lost;
  });
}
