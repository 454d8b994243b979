import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { FAKES, tempProject, type TempProject } from '../helpers.js';
import { cloneOf, commitProject, killWorkers, startWorker, testRedis, type TestRedis, type TestWorker } from './worker-setup.js';

let redis: TestRedis;
const workers: TestWorker[] = [];

beforeAll(async () => {
  redis = await testRedis();
});

afterAll(async () => {
  killWorkers();
  await redis.stop();
});

type Event = Record<string, unknown>;

const FAKE = path.join(FAKES, 'fake-agent');

/** An attempt ends when its card leaves `running` at that attempt (done, retrying, failed, …). */
const isStart = (e: Event) => e.type === 'card' && e.to === 'running';
const isEnd = (e: Event) => e.type === 'card' && e.from === 'running';

/**
 * The most attempts of `agent` running at once, walking the head's log in order: +1 at a card's
 * `running` record, -1 at the record that ends that attempt. The log is written in the order the
 * head decided things, so this is the head's own count, with no clock involved.
 */
function peakInLog(events: Event[], agent: string, from = 0, to = events.length): number {
  const agentOf = new Map<string, string>();
  let running = 0;
  let peak = 0;
  events.forEach((e, i) => {
    if (isStart(e)) agentOf.set(e.card as string, e.agent as string);
    const mine = agentOf.get(e.card as string) === agent;
    if (isStart(e) && mine) running += 1;
    else if (isEnd(e) && mine) running -= 1;
    if (i >= from && i < to) peak = Math.max(peak, running);
  });
  return peak;
}

/**
 * The most agent processes of these cards alive at once, from the fake agents' shared invocation
 * log (`<card> <attempt> <pid> start|end <epoch-ms>`, written by the processes themselves on both
 * workers): what really ran, not what the head meant to run.
 */
function peakOfProcesses(p: TempProject, cards: Set<string>): number {
  const lines = p.read('.fake-state/invocations.log').trim().split('\n').map((l) => l.split(' '));
  const points = lines.filter(([card]) => cards.has(card!)).map(([, , , what, at]) => ({ at: Number(at), step: what === 'start' ? 1 : -1 }));
  // at the same millisecond, an end counts before a start: touching is not overlapping
  points.sort((a, b) => a.at - b.at || a.step - b.step);
  let running = 0;
  let peak = 0;
  for (const point of points) peak = Math.max(peak, (running += point.step));
  return peak;
}

function cardsOf(events: Event[], agent: string): Set<string> {
  return new Set(events.filter((e) => isStart(e) && e.agent === agent).map((e) => e.card as string));
}

function workersOf(events: Event[], cards: Set<string>): Set<string> {
  return new Set(events.filter((e) => e.type === 'spawned' && cards.has(e.card as string)).map((e) => e.worker as string));
}

describe('per-agent limits across workers', () => {
  it('maxConcurrent: 1 holds over two workers of two slots each, while an agent without a limit runs several at once', async () => {
    const p = tempProject(`concurrency: 8\ndefaults: { agent: fake, retries: 0, timeout: 30s }\nagents:\n  solo: { use: command, command: ["${FAKE}"], maxConcurrent: 1 }\n`);
    for (let i = 1; i <= 6; i++) p.card(`s${i}`, 'agent: solo', `Do s${i}.\n@fake sleep 500`);
    for (let i = 1; i <= 6; i++) p.card(`f${i}`, '', `Do f${i}.\n@fake sleep 500`);
    commitProject(p);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'lw1', 2), startWorker(p, cloneOf(p), redis.url, 'lw2', 2));
    const run = await p.orchAsync(['run', '--redis', redis.url]);
    expect(run.code, run.output).toBe(0);
    const events = p.events();
    const solo = cardsOf(events, 'solo');
    const fake = cardsOf(events, 'fake');
    expect(solo).toEqual(new Set(['s1', 's2', 's3', 's4', 's5', 's6']));
    expect(fake).toEqual(new Set(['f1', 'f2', 'f3', 'f4', 'f5', 'f6']));
    for (const id of [...solo, ...fake]) expect(events.some((e) => e.type === 'card' && e.card === id && e.to === 'done'), id).toBe(true);
    // the limit, as the head counted it and as the agents' processes ran on the two workers
    expect(peakInLog(events, 'solo')).toBe(1);
    expect(peakOfProcesses(p, solo)).toBe(1);
    // the control: the same run did put the unlimited agent's attempts side by side
    expect(peakInLog(events, 'fake')).toBeGreaterThan(1);
    expect(peakOfProcesses(p, fake)).toBeGreaterThan(1);
    // both workers took jobs; which worker takes a job is BullMQ's choice, not the head's, so the
    // limited agent's six attempts are not asserted to have been spread over both
    expect(workersOf(events, new Set([...solo, ...fake]))).toEqual(new Set(['lw1', 'lw2']));
    for (const w of workers.splice(0)) w.child.kill('SIGTERM');
  }, 120_000);

  it("a rate limit reported by one worker halves that agent's limit for the whole run; a plain failure does not", async () => {
    const p = tempProject('concurrency: 8\ndefaults: { agent: fake, retries: 2, timeout: 30s }\nbackoff: { initial: 10ms, factor: 2, max: 50ms }\nagents:\n  rl: { use: claude, bin: "BIN", maxConcurrent: 2 }\n  plain: { use: claude, bin: "BIN", maxConcurrent: 2 }\n');
    p.write('.orchestrator/orchestrator.yaml', p.read('.orchestrator/orchestrator.yaml').replaceAll('BIN', p.file('agent.sh')));
    // the fake claude (a rate limit is read from a CLI's reply: 429), behind a script that holds
    // r1 and p1 back until the head's log shows what they wait for (for at most 20 s)
    const log = p.file('.orchestrator/events.jsonl');
    p.write('agent.sh', [
      '#!/bin/sh',
      `count() { grep -F "$1" '${log}' 2>/dev/null | grep -cF "$2"; }`,
      'upTo() { i=0; while [ "$(count "$1" "$2")" -lt "$3" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done; }',
      'case "$ORCH_TASK_ID" in',
      // beside r0 until the head has recorded rl's halving, then one more second: a window in
      // which the head, had it not halved rl's limit to 1, would start r0's retry or r2 beside r1
      `  r1) upTo '"type":"agent-throttled"' '"agent":"rl"' 1; sleep 1 ;;`,
      // the control: beside p0 until the head started a third plain attempt (p0's retry or p2)
      `  p1) upTo '"to":"running"' '"agent":"plain"' 3 ;;`,
      'esac',
      `exec '${path.join(FAKES, 'claude')}' "$@"`,
    ].join('\n') + '\n');
    fs.chmodSync(p.file('agent.sh'), 0o755);
    // r0 answers its first attempt with a rate limit (claude's 429), p0 with a plain API error (500)
    p.card('r0', 'agent: rl', 'Do r0.\n@fake rate-limit 1\n@fake sleep 200');
    p.card('r1', 'agent: rl');
    for (let i = 2; i <= 5; i++) p.card(`r${i}`, 'agent: rl\npriority: 1', `Do r${i}.\n@fake sleep 300`);
    p.card('p0', 'agent: plain', 'Do p0.\n@fake fail 1\n@fake sleep 200');
    p.card('p1', 'agent: plain');
    for (let i = 2; i <= 5; i++) p.card(`p${i}`, 'agent: plain\npriority: 1', `Do p${i}.\n@fake sleep 300`);
    commitProject(p);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'rw1', 2), startWorker(p, cloneOf(p), redis.url, 'rw2', 2));
    const run = await p.orchAsync(['run', '--redis', redis.url]);
    expect(run.code, run.output).toBe(0);
    const events = p.events();
    for (const id of ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5']) expect(events.some((e) => e.type === 'card' && e.card === id && e.to === 'done'), id).toBe(true);
    const rlLimits = events.filter((e) => e.type === 'agent-throttled' && e.agent === 'rl');
    expect(rlLimits.map((e) => [e.limit, e.reason])).toEqual([[1, 'rate limited'], [2, 'recovered after a success']]);
    expect(rlLimits[0]!.card).toBe('r0');
    expect(events.find((e) => e.card === 'r0' && e.to === 'retrying')).toMatchObject({ errorKind: 'rate_limit' });
    expect(events.find((e) => e.type === 'spawned' && e.card === 'r0' && e.attempt === 1)!.worker).toMatch(/^rw[12]$/);
    expect(events.some((e) => e.type === 'agent-throttled' && e.agent === 'plain')).toBe(false);
    const at = (test: (e: Event) => boolean) => events.findIndex(test);
    const startsOf = (agent: string, from: number, to: number) => events.slice(from, to).filter((e) => isStart(e) && e.agent === agent);
    // rl: from the halving to r1's end, no rl attempt started, on either worker; after it, two at once again
    const halved = events.indexOf(rlLimits[0]!);
    const r1Ended = at((e) => isEnd(e) && e.card === 'r1');
    expect(halved).toBeGreaterThan(-1);
    expect(r1Ended).toBeGreaterThan(halved);
    expect(startsOf('rl', halved, r1Ended)).toEqual([]);
    expect(peakInLog(events, 'rl', r1Ended)).toBe(2);
    // plain: after p0's failure, another plain attempt started while p1 still ran
    const p0Failed = at((e) => isEnd(e) && e.card === 'p0' && e.to === 'retrying');
    const p1Ended = at((e) => isEnd(e) && e.card === 'p1');
    expect(p0Failed).toBeGreaterThan(-1);
    expect(startsOf('plain', p0Failed, p1Ended).length).toBeGreaterThan(0);
    for (const w of workers.splice(0)) w.child.kill('SIGTERM');
  }, 120_000);
});
