import { buildGraph } from '../src/graph/build.js';
import { defaultConfig } from '../src/config/parse.js';
import type { Card } from '../src/cards/card.js';
import type { Config } from '../src/config/config.js';
import type { CardChanged } from '../src/state/events.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import type { AttemptOutcome } from '../src/scheduler/status.js';
import type { Approval, DoneRecord, Effect } from '../src/scheduler/types.js';

/** Drives a Scheduler and keeps what it asked for. */
export function harness(cards: Card[], opts: { concurrency?: number; config?: Partial<Config>; failFast?: boolean; previous?: Map<string, DoneRecord>; existing?: Set<string>; approvals?: Map<string, Approval> } = {}) {
  const config = { ...defaultConfig(), ...opts.config };
  config.defaults = { ...config.defaults, agent: 'command' };
  const scheduler = new Scheduler(buildGraph(cards).graph, {
    run: 'r1', config, concurrency: opts.concurrency ?? 4, failFast: opts.failFast ?? false,
    previous: opts.previous ?? new Map(), existingResults: opts.existing ?? new Set(), random: () => 0.5, approvals: opts.approvals ?? new Map(),
  });
  const effects: Effect[] = [];
  const step = (input: Parameters<Scheduler['step']>[0]) => {
    const out = scheduler.step(input);
    effects.push(...out);
    return out;
  };
  const started = (out = effects) => out.flatMap((e) => (e.type === 'start' ? [`${e.card.id}#${e.attempt}`] : []));
  const records = () => effects.flatMap((e) => (e.type === 'record' && e.event.type === 'card' ? [e.event as CardChanged] : []));
  const finish = () => effects.find((e) => e.type === 'finish');
  const ok = (now: number, id: string, attempt = 1, hash = `h-${id}`) =>
    step({ type: 'attempt-ended', now, card: id, attempt, outcome: { ok: true, durationMs: 10, resultHash: hash } });
  const fail = (now: number, id: string, attempt: number, outcome: Partial<AttemptOutcome>) =>
    step({ type: 'attempt-ended', now, card: id, attempt, outcome: { ok: false, durationMs: 10, errorKind: 'exit', ...outcome } });
  return { scheduler, step, started, records, finish, ok, fail, effects };
}

