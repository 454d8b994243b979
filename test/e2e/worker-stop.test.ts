import { afterEach, describe, expect, it } from 'vitest';
import { type ChildProcess } from 'node:child_process';
import { exited, tempProject, until } from '../helpers.js';
import { agentsOf, cloneOf, commitProject, startWorker, testRedis, type TestRedis, type TestWorker } from './worker-setup.js';

/** Each test has a Redis of its own: some kill it. */
const servers: TestRedis[] = [];
const workers: TestWorker[] = [];
const heads: ChildProcess[] = [];
const tmps: string[] = [];

afterEach(async () => {
  for (const w of workers.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  for (const h of heads.splice(0)) if (h.exitCode === null) h.kill('SIGKILL');
  for (const tmp of tmps.splice(0)) for (const pid of agentsOf('long', tmp)) process.kill(pid, 'SIGKILL');
  for (const r of servers.splice(0)) await r.kill();
});

describe('stopping workers and heads', () => {
  it('a SIGTERM\'d worker with Redis there lets its running attempt finish and report, then exits 0', async () => {
    const redis = await testRedis();
    servers.push(redis);
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 60s }\n');
    p.card('long', 'command: "sleep 2; echo finished"');
    commitProject(p);
    const clone = cloneOf(p);
    tmps.push(`${clone}.tmp`);
    const w = startWorker(p, clone, redis.url, 'calm1', 1);
    workers.push(w);
    const head = p.start(['run', '--redis', redis.url]);
    heads.push(head);
    await until('the agent of long to run on calm1', () => agentsOf('long', `${clone}.tmp`).length > 0, 30_000);
    w.child.kill('SIGTERM');
    expect(await exited(head), head.output()).toBe(0);
    expect(p.read('.orchestrator/results/long.md')).toContain('finished');
    expect(await exited(w.child), w.output()).toBe(0);
    expect(w.output()).toMatch(/calm1: stopping after the running attempts end[\s\S]*calm1: stopped\n/);
  }, 60_000);

  it('Redis killed mid-card: a SIGTERM\'d worker ends its agent and exits non-zero, and a Ctrl-C\'d head exits too', async () => {
    const redis = await testRedis();
    servers.push(redis);
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 600s }\n');
    p.card('long', 'command: "sleep 300; echo late"');
    commitProject(p);
    const clone = cloneOf(p);
    const tmp = `${clone}.tmp`;
    tmps.push(tmp);
    const w = startWorker(p, clone, redis.url, 'gone1', 1);
    workers.push(w);
    const head = p.start(['run', '--redis', redis.url]);
    heads.push(head);
    await until('the agent of long to run on gone1', () => agentsOf('long', tmp).length > 0 && p.events().some((e) => e.type === 'spawned'), 30_000);
    await redis.kill();
    const stoppedAt = Date.now();
    w.child.kill('SIGTERM');
    head.kill('SIGINT');
    await until('the worker to exit', () => w.child.exitCode !== null || w.child.signalCode !== null, 15_000);
    const workerMs = Date.now() - stoppedAt;
    expect(w.child.exitCode, w.output()).toBe(1);
    expect(agentsOf('long', tmp)).toEqual([]);
    expect(w.output()).toMatch(/gone1: stopped 1 running attempt; Redis did not answer/);
    expect(w.output()).not.toContain('stopping after');
    await until('the head to exit', () => head.exitCode !== null || head.signalCode !== null, 15_000);
    expect(await exited(head), head.output()).toBe(130);
    console.log(`with Redis killed: the worker exited ${workerMs} ms after SIGTERM, the head ${Date.now() - stoppedAt} ms after SIGINT`);
    expect(p.events().find((e) => e.type === 'card' && e.card === 'long' && e.to === 'cancelled')).toMatchObject({ errorKind: 'interrupted' });
  }, 90_000);
});
