import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { alive, CLI, exited, tempProject, until, type TempProject } from '../helpers.js';
import { agentsOf, cloneOf, killWorkers, commitProject, spawnerOf, startsByCard, startWorker, testRedis, type TestRedis, type TestWorker } from './worker-setup.js';

let redis: TestRedis;
const workers: TestWorker[] = [];
const heads: ChildProcess[] = [];
/** Workers' TMPDIRs whose agents the tests look for. */
const tmps: string[] = [];

beforeAll(async () => {
  redis = await testRedis();
});

afterEach(() => {
  for (const w of workers.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  for (const h of heads.splice(0)) if (h.exitCode === null) h.kill('SIGKILL');
  // a failed orphan test must not leave its agents behind
  for (const tmp of tmps.splice(0)) for (const pid of agentsOf('long', tmp)) process.kill(pid, 'SIGKILL');
  // jobs of a head killed here must not reach the next test's workers
  spawnSync('redis-cli', ['-p', String(redis.port), 'flushall'], { stdio: 'ignore' });
});

afterAll(async () => {
  killWorkers();
  await redis.stop();
});

function chain(p: TempProject, ids: string[], sleepMs: number): void {
  ids.forEach((id, i) => p.card(id, i ? `deps: [${ids[i - 1]}]` : '', `Do ${id}.\n@fake sleep ${sleepMs}`));
}

function spawned(p: TempProject, card: string): Array<Record<string, unknown>> {
  return p.events().filter((e) => e.type === 'spawned' && e.card === card);
}

describe('orch worker faults', () => {
  it('kill -9 of a worker mid-card: BullMQ hands the job to the other worker and the head records it', async () => {
    const p = tempProject('concurrency: 4\ndefaults: { agent: fake, retries: 0, timeout: 60s }\n');
    chain(p, ['slow'], 4000);
    commitProject(p);
    const w1 = startWorker(p, cloneOf(p), redis.url, 'k1');
    workers.push(w1);
    const head = p.start(['run', '--redis', redis.url]);
    await until('k1 to start the card', () => spawned(p, 'slow').some((e) => e.worker === 'k1'), 30_000);
    w1.child.kill('SIGKILL');
    const killedAt = Date.now();
    workers.push(startWorker(p, cloneOf(p), redis.url, 'k2'));
    await until('k2 to take the job over', () => spawned(p, 'slow').some((e) => e.worker === 'k2'), 60_000);
    const recoveredMs = Date.now() - killedAt;
    expect(await exited(head), head.output()).toBe(0);
    expect(spawned(p, 'slow').find((e) => e.worker === 'k2')).toMatchObject({ recoveredFrom: 'k1' });
    const status = JSON.parse(p.orch(['status', '--json']).stdout) as { cards: Array<{ worker: string; attemptDetails: unknown[] }> };
    expect(status.cards[0]).toMatchObject({ worker: 'k2', attemptDetails: [{ attempt: 1, worker: 'k2', recoveredFrom: 'k1' }] });
    expect(p.read('.orchestrator/results/slow.md')).toContain('done slow');
    expect(p.read('.orchestrator/logs/slow.1.log')).toContain('k1 stopped answering during this attempt');
    expect(head.output()).toContain('stopped answering');
    console.log(`stalled job recovered by the other worker ${recoveredMs} ms after kill -9`);
  }, 120_000);

  it('kill -9 of the head mid-run: a new head adopts the jobs in flight and reruns no done card', async () => {
    const p = tempProject('concurrency: 4\ndefaults: { agent: fake, retries: 0, timeout: 60s }\n');
    const ids = ['h1', 'h2', 'h3', 'h4'];
    chain(p, ids, 1500);
    commitProject(p);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'a1'), startWorker(p, cloneOf(p), redis.url, 'a2'));
    const first = p.start(['run', '--redis', redis.url]);
    await until('h2 to run on a worker', () => p.exists('.orchestrator/results/h1.md') && spawned(p, 'h2').length > 0, 60_000);
    first.kill('SIGKILL');
    await exited(first);
    const second = await p.orchAsync(['run', '--redis', redis.url]);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/h[234]: adopted job /);
    const starts = startsByCard(p);
    for (const id of ids) expect(starts.get(id), id).toBe(1);
    for (const id of ids) expect(p.exists(`.orchestrator/results/${id}.md`), id).toBe(true);
  }, 120_000);

  it("kill -9 of the head mid-merge of a worker's work: the next run merges that work without running the card again", async () => {
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 60s }\n');
    p.card('edit', 'write: true', 'Edit.\n@fake write notes/out.txt hello from a worker');
    commitProject(p);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'm1', 1));
    const first = spawn(process.execPath, [CLI, 'run', '--redis', redis.url], { cwd: p.root, env: { ...p.env, ORCH_TEST_CRASH: 'mid-merge:edit' }, stdio: 'ignore' });
    expect(await exited(first)).toBe(137);
    expect(p.exists('.orchestrator/merges/edit.json')).toBe(true);
    const second = await p.orchAsync(['run', '--redis', redis.url]);
    expect(second.code, second.output).toBe(0);
    expect(startsByCard(p).get('edit')).toBe(1);
    expect(execFileSync('git', ['show', 'orch/integration:notes/out.txt'], { cwd: p.root, encoding: 'utf8' })).toBe('hello from a worker\n');
    expect(execFileSync('git', ['log', '-1', '--format=%(trailers:key=Orch-Card,valueonly)', 'orch/integration^2'], { cwd: p.root, encoding: 'utf8' }).trim()).toBe('edit');
    expect(p.events().filter((e) => e.type === 'merged').map((e) => e.card)).toEqual(['edit']);
    expect(p.exists('.orchestrator/merges/edit.json')).toBe(false);
  }, 120_000);

  it("kill -9 of a worker mid-card: its agent is ended within a second, found by the attempt's mark", async () => {
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 600s }\n');
    p.card('long', 'command: "sleep 300; echo late"');
    commitProject(p);
    const clone = cloneOf(p);
    tmps.push(`${clone}.tmp`);
    const w = startWorker(p, clone, redis.url, 'o9', 1);
    workers.push(w);
    heads.push(p.start(['run', '--redis', redis.url]));
    await until('the agent of long to run on o9', () => agentsOf('long', `${clone}.tmp`).length > 0 && spawned(p, 'long').length > 0, 30_000);
    w.child.kill('SIGKILL');
    const killedAt = Date.now();
    await until('no process with the mark of long left', () => agentsOf('long', `${clone}.tmp`).length === 0, 1_500);
    console.log(`agent of a kill -9'd worker gone ${Date.now() - killedAt} ms after the kill`);
  }, 60_000);

  it('a worker killed with its spawner leaves its agent running; the worker restarted on the machine ends it as it starts', async () => {
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 600s }\n');
    p.card('long', 'command: "sleep 300; echo late"');
    commitProject(p);
    const clone = cloneOf(p);
    tmps.push(`${clone}.tmp`);
    const w = startWorker(p, clone, redis.url, 'o10', 1);
    workers.push(w);
    heads.push(p.start(['run', '--redis', redis.url]));
    await until('the agent of long to run on o10', () => agentsOf('long', `${clone}.tmp`).length > 0 && spawnerOf(w.child.pid!) !== undefined, 30_000);
    const left = agentsOf('long', `${clone}.tmp`);
    process.kill(spawnerOf(w.child.pid!)!, 'SIGKILL');
    w.child.kill('SIGKILL');
    await exited(w.child);
    expect(left.every(alive)).toBe(true);
    workers.push(startWorker(p, clone, redis.url, 'o10', 1));
    await until('the orphaned agent to be ended by the restarted worker', () => !left.some(alive), 15_000);
  }, 60_000);

  it('a job deleted from Redis by hand mid-card: the head notices within its 2 s check and fails the attempt as crash', async () => {
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 600s }\n');
    p.card('long', 'command: "sleep 300; echo late"');
    commitProject(p);
    const clone = cloneOf(p);
    tmps.push(`${clone}.tmp`);
    workers.push(startWorker(p, clone, redis.url, 'dl1', 1));
    const head = p.start(['run', '--redis', redis.url]);
    heads.push(head);
    await until('the agent of long to run on dl1', () => agentsOf('long', `${clone}.tmp`).length > 0 && spawned(p, 'long').length > 0, 30_000);
    const run = String(p.events().find((e) => e.type === 'run-started')!.run);
    // no BullMQ event says so: only the head's regular check can
    spawnSync('redis-cli', ['-p', String(redis.port), 'del', `bull:orch-attempts:${run}.long.1`], { stdio: 'ignore' });
    expect(await exited(head), head.output()).toBe(1);
    expect(p.events().find((e) => e.type === 'card' && e.card === 'long' && e.to === 'failed')).toMatchObject({ errorKind: 'crash', message: expect.stringContaining('gone from Redis') });
  }, 60_000);

  it("a worker that cannot push a card's work keeps it in the job's worktree and says where", async () => {
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 20s }\n');
    p.card('kept', 'write: true\ncommand: "echo precious > work.txt"');
    commitProject(p);
    p.write('.git/hooks/pre-receive', '#!/bin/sh\necho refused by a hook >&2\nexit 1\n');
    fs.chmodSync(p.file('.git/hooks/pre-receive'), 0o755);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'np1', 1));
    const run = await p.orchAsync(['run', '--redis', redis.url]);
    expect(run.code).toBe(1);
    const failed = p.events().find((e) => e.type === 'card' && e.card === 'kept' && e.to === 'failed');
    expect(failed).toMatchObject({ errorKind: 'io' });
    const where = /they stay in (\S+) on /.exec(String(failed!.message))?.[1];
    expect(where, String(failed!.message)).toBeDefined();
    expect(fs.readFileSync(path.join(where!, 'work.txt'), 'utf8')).toBe('precious\n');
  }, 60_000);

  it('Redis stopped for 3 s mid-run: head and workers reconnect, say so, and every card is done', async () => {
    const p = tempProject('concurrency: 4\ndefaults: { agent: fake, retries: 1, timeout: 60s }\n');
    const ids = ['r1', 'r2', 'r3', 'r4', 'r5'];
    chain(p, ids, 800);
    commitProject(p);
    const w = startWorker(p, cloneOf(p), redis.url, 'o1');
    workers.push(w);
    const head = p.start(['run', '--redis', redis.url]);
    await until('r2 to start', () => spawned(p, 'r2').length > 0, 60_000);
    await redis.stop();
    const down = Date.now();
    await until('3 s of Redis down', () => Date.now() - down >= 3000, 10_000);
    await redis.start();
    expect(await exited(head), head.output()).toBe(0);
    for (const id of ids) expect(p.exists(`.orchestrator/results/${id}.md`), id).toBe(true);
    expect(head.output()).toMatch(/lost the connection to Redis; reconnecting[\s\S]*reconnected to Redis/);
    await until('the worker to say it reconnected', () => /reconnected to Redis/.test(w.output()), 20_000);
    const starts = startsByCard(p);
    console.log(`starts per card across the outage: ${JSON.stringify(Object.fromEntries(starts))}`);
  }, 120_000);
});
