import type { RedisOptions } from 'ioredis';

/** The queue every head and worker of orch shares on a Redis server. */
export const QUEUE = 'orch-attempts';

/**
 * `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS) → ioredis options. Returns a
 * one-line message for a URL that is not one. `maxRetriesPerRequest: null` is what BullMQ's
 * Worker needs; the retry strategy reconnects within a second after Redis comes back.
 */
export function redisOptions(url: string): RedisOptions | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `--redis: "${url}" is not a URL; write redis://host:6379 or rediss://user:password@host:6380`;
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') return `--redis: "${parsed.protocol}" is not redis: or rediss:`;
  const options: RedisOptions = {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(100 * times, 1000),
  };
  if (parsed.username) options.username = decodeURIComponent(parsed.username);
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  const db = parsed.pathname.replace(/^\//, '');
  if (db) {
    if (!/^\d+$/.test(db)) return `--redis: the database "${db}" must be a number`;
    options.db = Number(db);
  }
  if (parsed.protocol === 'rediss:') options.tls = { servername: options.host! };
  return options;
}

/** The URL with its password hidden, for messages. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
