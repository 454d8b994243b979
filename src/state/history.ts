import type { Approval, DoneRecord } from '../scheduler/types.js';
import type { LogEvent } from './events.js';

export interface OpenAttempt {
  run: string;
  card: string;
  attempt: number;
  pid: number;
  pidStart?: string;
  /** Ran on an `orch worker`: not a process of this machine. */
  worker?: string;
}

export interface History {
  /** The last done record of each card still done. */
  previous: Map<string, DoneRecord>;
  /** Attempts whose process started and never ended in the log: orphans if the runner died. */
  openAttempts: OpenAttempt[];
  /** Decisions at approval gates that still stand: until the card is done or reset, or a rejection has failed it. */
  approvals: Map<string, Approval>;
  /** The latest run and whether it ended. */
  lastRun?: { run: string; pid: number; startedAt: number; endedAt?: number; exitCode?: number };
}

/** Fold the event log into what a new run needs to resume. Pure. */
export function foldHistory(events: readonly LogEvent[]): History {
  const previous = new Map<string, DoneRecord>();
  const open = new Map<string, OpenAttempt>();
  const approvals = new Map<string, Approval>();
  let lastRun: History['lastRun'];
  for (const e of events) {
    switch (e.type) {
      case 'run-started':
        lastRun = { run: e.run, pid: e.pid, startedAt: e.t };
        break;
      case 'run-ended':
        if (lastRun?.run === e.run) Object.assign(lastRun, { endedAt: e.t, exitCode: e.exitCode });
        break;
      case 'spawned': {
        const attempt: OpenAttempt = { run: e.run, card: e.card, attempt: e.attempt, pid: e.pid };
        if (e.pidStart !== undefined) attempt.pidStart = e.pidStart;
        if (e.worker !== undefined) attempt.worker = e.worker;
        open.set(`${e.run}/${e.card}/${e.attempt}`, attempt);
        break;
      }
      case 'card':
        if (e.from === 'running') open.delete(`${e.run}/${e.card}/${e.attempt}`);
        if ((e.to === 'done' && e.from === 'running') || (e.to === 'failed' && e.errorKind === 'rejected')) approvals.delete(e.card);
        if (e.to === 'done' && e.fingerprint !== undefined && e.resultHash !== undefined) {
          const record: DoneRecord = { fingerprint: e.fingerprint, resultHash: e.resultHash };
          // an up-to-date record repeats nothing: the parts are those of the record it matched
          const parts = e.parts ?? (previous.get(e.card)?.fingerprint === e.fingerprint ? previous.get(e.card)?.parts : undefined);
          if (parts) record.parts = parts;
          previous.set(e.card, record);
        } else if (e.to === 'running' || e.to === 'failed') previous.delete(e.card);
        break;
      case 'card-reset':
        previous.delete(e.card);
        approvals.delete(e.card);
        break;
      case 'card-approval':
        approvals.set(e.card, e.decision);
        break;
    }
  }
  const history: History = { previous, openAttempts: [...open.values()], approvals };
  if (lastRun) history.lastRun = lastRun;
  return history;
}
