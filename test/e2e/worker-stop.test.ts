import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
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

describe('stopping and restarting workers', () => {
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

  it('a second SIGTERM stops the running attempt at once, unreported: another worker takes its job over', async () => {
    const redis = await testRedis();
    servers.push(redis);
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 600s }\n');
    p.card('long', 'command: "sleep 300"');
    commitProject(p);
    const [first, second] = [cloneOf(p), cloneOf(p)];
    tmps.push(`${first}.tmp`, `${second}.tmp`);
    const w = startWorker(p, first, redis.url, 'now1', 1);
    workers.push(w);
    const head = p.start(['run', '--redis', redis.url]);
    heads.push(head);
    await until('the agent of long to run on now1', () => agentsOf('long', `${first}.tmp`).length > 0 && p.events().some((e) => e.type === 'spawned'), 30_000);
    workers.push(startWorker(p, second, redis.url, 'now2', 1));
    w.child.kill('SIGTERM');
    await until('now1 to wait for its attempt', () => /now1: stopping after the running attempts end/.test(w.output()), 10_000);
    w.child.kill('SIGTERM');
    expect(await exited(w.child), w.output()).toBe(0);
    expect(w.output()).toContain("now1: stopped 1 running attempt; BullMQ's stalled-job check gives its job to another worker");
    expect(agentsOf('long', `${first}.tmp`)).toEqual([]);
    await until('now2 to take the job over', () => p.events().some((e) => e.type === 'spawned' && e.worker === 'now2'), 30_000);
    expect(p.events().find((e) => e.type === 'spawned' && e.worker === 'now2')).toMatchObject({ recoveredFrom: 'now1' });
    // the attempt cut short on now1 was never reported as over
    expect(p.events().filter((e) => e.type === 'card' && e.card === 'long' && e.from === 'running')).toEqual([]);
  }, 90_000);

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

  it('a worker restarted after a kill -9 removes the worktrees it left, keeps one whose push failed and says so, and leaves a live worker\'s alone', async () => {
    const redis = await testRedis();
    servers.push(redis);
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 600s }\n');
    p.card('kept', 'write: true\ncommand: "echo precious > work.txt"');
    commitProject(p);
    p.write('.git/hooks/pre-receive', '#!/bin/sh\necho refused by a hook >&2\nexit 1\n');
    fs.chmodSync(p.file('.git/hooks/pre-receive'), 0o755);
    const clone = cloneOf(p);
    const tmp = `${clone}.tmp`;
    tmps.push(tmp);
    const sa = startWorker(p, clone, redis.url, 'sa', 1);
    workers.push(sa);
    expect((await p.orchAsync(['run', '--redis', redis.url])).code).toBe(1);
    const failed = p.events().find((e) => e.type === 'card' && e.card === 'kept' && e.to === 'failed');
    const keptDir = /they stay in (\S+) on /.exec(String(failed?.message))![1]!;
    fs.rmSync(p.file('.git/hooks/pre-receive'));
    fs.rmSync(p.file('.orchestrator/tasks/kept.md'));
    p.card('l1', 'command: "sleep 300"');
    p.card('l2', 'command: "sleep 300"');
    const sb = startWorker(p, clone, redis.url, 'sb', 1);
    workers.push(sb);
    const head = p.start(['run', '--redis', redis.url]);
    heads.push(head);
    const jobDirs = (name: string) => {
      const work = path.join(tmp, `orch-worker-${name}`, 'work');
      return fs.existsSync(work) ? fs.readdirSync(work).filter((n) => !n.endsWith('.kept')).map((n) => path.join(work, n)) : [];
    };
    await until('both long cards to run, one on each worker', () => agentsOf('l1', tmp).length > 0 && agentsOf('l2', tmp).length > 0, 30_000);
    await until('a worktree for each', () => jobDirs('sa').length === 2 && jobDirs('sb').length === 1, 10_000);
    const stale = jobDirs('sa').find((d) => d !== keptDir)!;
    const live = jobDirs('sb')[0]!;
    sa.child.kill('SIGKILL');
    head.kill('SIGKILL');
    await exited(sa.child);
    await exited(head);
    // no job left to take: the restarted worker only cleans up
    spawnSync('redis-cli', ['-p', String(redis.port), 'flushall'], { stdio: 'ignore' });
    const again = startWorker(p, clone, redis.url, 'sa', 1);
    workers.push(again);
    await until('the restarted worker to say what it kept', () => /sa: kept /.test(again.output()), 20_000);
    expect(again.output()).toMatch(/sa: removed 1 worktree dead workers left in /);
    expect(again.output()).toContain(`sa: kept ${keptDir} (card kept attempt 1: its work, committed here, was not pushed to `);
    const listed = execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: clone, encoding: 'utf8' });
    expect(fs.existsSync(stale)).toBe(false);
    expect(listed).not.toContain(stale);
    expect(fs.readFileSync(path.join(keptDir, 'work.txt'), 'utf8')).toBe('precious\n');
    expect(listed).toContain(keptDir);
    expect(fs.existsSync(live)).toBe(true);
    expect(listed).toContain(live);
    // a second worker of that name on that machine is refused in one line
    const twin = startWorker(p, clone, redis.url, 'sa', 1);
    workers.push(twin);
    expect(await exited(twin.child)).toBe(2);
    expect(twin.output().trim().split('\n')).toEqual([expect.stringMatching(/^error another orch worker \(pid \d+\) uses .*orch-worker-sa; give this one another --name$/)]);
  }, 90_000);
});
