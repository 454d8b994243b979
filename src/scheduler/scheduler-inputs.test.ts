import { describe, expect, it } from 'vitest';
import type { Card } from '../cards/card.js';
import { defaultConfig } from '../config/parse.js';
import { card } from '../graph/build.test.js';
import { buildGraph } from '../graph/build.js';
import type { CardChanged } from '../state/events.js';
import { foldHistory } from '../state/history.js';
import type { InputsDigest } from './fingerprint.js';
import { Scheduler } from './scheduler.js';
import type { DoneRecord, SchedulerOptions } from './types.js';

/** Runs every card to success (result hash `h-<id>`) and returns the card records. */
function runAll(cards: Card[], options: Partial<SchedulerOptions> = {}): CardChanged[] {
  const config = defaultConfig();
  config.defaults = { ...config.defaults, agent: 'command' };
  const s = new Scheduler(buildGraph(cards).graph, {
    run: 'r', config, concurrency: 4, failFast: false, previous: new Map(), existingResults: new Set(cards.map((c) => c.id)), random: () => 0.5, ...options,
  });
  const records: CardChanged[] = [];
  let queue = s.step({ type: 'start', now: 0 });
  for (let now = 1; queue.length; now++) {
    const next = [];
    for (const e of queue) {
      if (e.type === 'record' && e.event.type === 'card') records.push(e.event);
      if (e.type === 'start') next.push(...s.step({ type: 'attempt-ended', now, card: e.card.id, attempt: e.attempt, outcome: { ok: true, durationMs: 1, resultHash: `h-${e.card.id}` } }));
    }
    queue = next;
  }
  return records;
}

const previousOf = (records: CardChanged[]): Map<string, DoneRecord> => foldHistory(records).previous;
const ran = (records: CardChanged[]) => records.filter((r) => r.to === 'running').map((r) => r.card).sort();

describe('Scheduler with inputs and --force', () => {
  const cards = [card('build'), card('tests', ['build'], 'inputs: [src/**]\n')];
  const files = (math: string): InputsDigest => ({ hash: `d-${math}`, count: 1, files: { 'src/math.js': math } });

  it('reruns a card whose input content changed, and nothing when nothing changed', () => {
    const first = runAll(cards, { inputsHash: () => files('v1') });
    expect(first.find((r) => r.card === 'tests' && r.to === 'done')?.parts?.inputs?.files).toEqual({ 'src/math.js': 'v1' });
    expect(ran(runAll(cards, { previous: previousOf(first), inputsHash: () => files('v1') }))).toEqual([]);
    expect(ran(runAll(cards, { previous: previousOf(first), inputsHash: () => files('v2') }))).toEqual(['tests']);
  });

  it('keeps the recorded parts across up-to-date runs, so a later change can still be named', () => {
    const first = runAll(cards, { inputsHash: () => files('v1') });
    const second = runAll(cards, { previous: previousOf(first), inputsHash: () => files('v1') });
    expect(previousOf([...first, ...second]).get('tests')?.parts?.inputs?.files).toEqual({ 'src/math.js': 'v1' });
  });

  it('reruns the forced cards, or all with -B, whatever their fingerprints', () => {
    const first = runAll(cards, { inputsHash: () => files('v1') });
    const again = { previous: previousOf(first), inputsHash: () => files('v1') };
    expect(ran(runAll(cards, { ...again, force: ['build'] }))).toEqual(['build']); // same result: tests stays up to date
    expect(ran(runAll(cards, { ...again, force: 'all' }))).toEqual(['build', 'tests']);
  });
});
