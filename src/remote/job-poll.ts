import type { Redis } from 'ioredis';

/**
 * Of the jobs in flight, those the queue events may have missed the end of: finished (completed
 * or failed: their hash has `finishedOn`) or gone (no `timestamp`: removed by hand, or lost with
 * Redis's data). One HMGET per job, pipelined: a single round trip for them all, whatever their
 * number. Undefined when Redis did not answer.
 */
export async function jobsToCheck(redis: Redis, keyOf: (id: string) => string, ids: readonly string[]): Promise<string[] | undefined> {
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hmget(keyOf(id), 'timestamp', 'finishedOn');
  const replies = await pipeline.exec().catch(() => null);
  if (!replies) return undefined;
  return ids.filter((_, i) => {
    const [error, fields] = replies[i] ?? [];
    return !error && Array.isArray(fields) && (!fields[0] || Boolean(fields[1]));
  });
}
