import type { Queue } from 'bullmq';
import type { LogEvent } from '../state/events.js';
import type { AttemptJob, AttemptReport } from './job.js';

/** Runs in the log that started and never ended: their heads died (the lock lets one head live at a time). */
export function deadRuns(events: readonly LogEvent[], current: string): Set<string> {
  const open = new Set<string>();
  for (const e of events) {
    if (e.type === 'run-started') open.add(e.run);
    else if (e.type === 'run-ended') open.delete(e.run);
  }
  open.delete(current);
  return open;
}

/**
 * The jobs a dead head left in the queue, by card: the latest attempt of each. A new head adopts
 * one instead of adding a duplicate when the card starts again with the same inputs.
 */
export async function leftJobs(queue: Queue<AttemptJob, AttemptReport>, runs: ReadonlySet<string>): Promise<Map<string, string>> {
  const left = new Map<string, { id: string; attempt: number }>();
  if (!runs.size) return new Map();
  const jobs = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized', 'completed'], 0, -1);
  for (const job of jobs) {
    const run = job?.id?.slice(0, job.id.indexOf('.'));
    if (!job?.id || !run || !runs.has(run)) continue;
    const seen = left.get(job.data.card.id);
    if (!seen || seen.attempt < job.data.attempt) left.set(job.data.card.id, { id: job.id, attempt: job.data.attempt });
  }
  return new Map([...left].map(([card, { id }]) => [card, id]));
}
