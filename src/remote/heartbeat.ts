import os from 'node:os';
import type { Redis } from 'ioredis';

export const WORKER_KEY_PREFIX = 'orch:worker:';
const EVERY_MS = 2_000;
const TTL_MS = 8_000;

/** What `orch workers` shows of one live worker. */
export interface WorkerBeat {
  name: string;
  host: string;
  pid: number;
  slots: number;
  running: { job: string; card: string; attempt: number; since: number }[];
  at: number;
}

/** A key per live worker, refreshed every 2 s and gone 8 s after the worker is. */
export class Heartbeat {
  private readonly jobs = new Map<string, WorkerBeat['running'][number]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly redis: Redis, private readonly name: string, private readonly slots: number) {}

  start(): void {
    this.beat();
    this.timer = setInterval(() => this.beat(), EVERY_MS);
  }

  running(job: string, card: string, attempt: number): void {
    this.jobs.set(job, { job, card, attempt, since: Date.now() });
    this.beat();
  }

  done(job: string): void {
    this.jobs.delete(job);
    this.beat();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async remove(): Promise<void> {
    await this.redis.del(WORKER_KEY_PREFIX + this.name).catch(() => {});
  }

  private beat(): void {
    const beat: WorkerBeat = { name: this.name, host: os.hostname(), pid: process.pid, slots: this.slots, running: [...this.jobs.values()], at: Date.now() };
    this.redis.set(WORKER_KEY_PREFIX + this.name, JSON.stringify(beat), 'PX', TTL_MS).catch(() => {});
  }
}

/** Every live worker's last beat, by name. */
export async function liveWorkers(redis: Redis): Promise<WorkerBeat[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${WORKER_KEY_PREFIX}*`, 'COUNT', 100);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  const values = keys.length ? await redis.mget(keys) : [];
  return values.flatMap((v) => (v ? [JSON.parse(v) as WorkerBeat] : [])).sort((a, b) => a.name.localeCompare(b.name));
}
