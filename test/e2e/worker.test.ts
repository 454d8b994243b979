import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, exited, tempProject, until, type TempProject } from '../helpers.js';
import { agentsOf, cloneOf, killWorkers, commitProject, startsByCard, startWorker, testRedis, type TestRedis, type TestWorker } from './worker-setup.js';

let redis: TestRedis;
const workers: TestWorker[] = [];
const heads: ChildProcess[] = [];

beforeAll(async () => {
  redis = await testRedis();
});

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  for (const h of heads) if (h.exitCode === null) h.kill('SIGKILL');
  killWorkers();
  await redis.stop();
});

/** c01 … c30: each card after the one before it, and every third card after the one three before. */
function dag(p: TempProject, n: number, sleepMs: number): string[] {
  const ids = Array.from({ length: n }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);
  ids.forEach((id, i) => {
    const deps = [i % 3 === 0 ? undefined : ids[i - 1], i >= 3 ? ids[i - 3] : undefined].filter(Boolean);
    p.card(id, deps.length ? `deps: [${deps.join(', ')}]` : '', `Do ${id}.\n@fake sleep ${sleepMs}`);
  });
  return ids;
}

/** Whether a job of this card's first attempt is waiting in the queue. */
function queued(redis: TestRedis, card: string): boolean {
  const ids = spawnSync('redis-cli', ['-p', String(redis.port), 'lrange', 'bull:orch-attempts:wait', '0', '-1'], { encoding: 'utf8' }).stdout;
  return ids.split('\n').some((id) => id.endsWith(`.${card}.1`));
}

function gitOut(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

function spawnedWorkers(p: TempProject): Set<string> {
  return new Set(p.events().flatMap((e) => (e.type === 'spawned' && typeof e.worker === 'string' ? [e.worker] : [])));
}

describe('orch worker on Redis', () => {
  it('a 30-card DAG run by a head and two workers in separate clones: every card done exactly once', async () => {
    const p = tempProject();
    const ids = dag(p, 30, 150);
    commitProject(p);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'w1'), startWorker(p, cloneOf(p), redis.url, 'w2'));
    const run = await p.orchAsync(['run', '--redis', redis.url]);
    expect(run.code, run.output).toBe(0);
    const starts = startsByCard(p);
    for (const id of ids) expect(starts.get(id), id).toBe(1);
    for (const id of ids) expect(p.read(`.orchestrator/results/${id}.md`)).toContain(`done ${id} attempt 1`);
    expect(spawnedWorkers(p)).toEqual(new Set(['w1', 'w2']));
    expect(p.read('.orchestrator/logs/c30.1.log')).toMatch(/\[orch\] ran on worker w[12]/);
    const status = JSON.parse(p.orch(['status', '--json']).stdout) as { cards: Array<{ id: string; worker: string | null; attemptDetails: Array<{ worker: string | null }> }> };
    for (const c of status.cards) {
      expect(c.worker, c.id).toMatch(/^w[12]$/);
      expect(c.attemptDetails.map((a) => a.worker)).toEqual([c.worker]);
    }
    const table = p.read('.orchestrator/status.md');
    expect(table).toMatch(/\| Cost \| Worker +\| Result/);
    expect(table).toMatch(new RegExp(`\\[c30\\]\\(tasks/c30\\.md\\) .* \\| ${status.cards.find((c) => c.id === 'c30')!.worker} +\\|`));
    for (const w of workers.splice(0)) w.child.kill('SIGTERM');
  }, 120_000);

  it("writing cards' work is merged into the integration branch; a dependent starts from its dep's merged work", async () => {
    const p = tempProject();
    p.card('a', 'write: true\ncommand: "echo from-a > a.txt && echo wrote a"');
    p.card('b', 'deps: [a]\nwrite: true\ncommand: "cat a.txt > b-saw.txt && echo wrote b"');
    p.card('n', 'write: true\ncommand: "echo changed nothing"');
    commitProject(p);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'wr1', 1));
    const run = await p.orchAsync(['run', '--redis', redis.url]);
    expect(run.code, run.output).toBe(0);
    const cards = gitOut(p.root, 'log', '--format=%(trailers:key=Orch-Card,valueonly)', 'orch/integration').split('\n').filter(Boolean);
    expect(cards).toEqual(['b', 'a']);
    expect(gitOut(p.root, 'show', 'orch/integration:b-saw.txt')).toBe('from-a');
    expect(gitOut(p.root, 'show', 'orch/integration:a.txt')).toBe('from-a');
    const merged = p.events().filter((e) => e.type === 'merged');
    expect(merged.filter((e) => e.files !== 0).map((e) => e.card)).toEqual(['a', 'b']);
    expect(merged.filter((e) => e.files === 0).map((e) => e.card)).toEqual(['n']);
    const order = p.events().map((e) => `${e.type}:${e.card}`);
    expect(order.indexOf('merged:a')).toBeLessThan(order.indexOf('spawned:b'));
    expect(p.read('.orchestrator/logs/b.1.log')).toMatch(/merged orch\/card\/b into orch\/integration/);
    expect(gitOut(p.root, 'branch', '--list', 'orch/card/*')).toBe('');
    expect(p.exists('a.txt')).toBe(false);
    for (const w of workers.splice(0)) w.child.kill('SIGTERM');
  }, 60_000);

  it('with backend.remote a bare repository of its own: workers push there, the head fetches, merges and publishes the commits jobs start from', async () => {
    const bare = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orch-remote-')), 'shared.git');
    const p = tempProject(`concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 20s }\nbackend: { remote: "${bare}" }\n`);
    p.card('a', 'write: true\ncommand: "echo from-a > a.txt && echo wrote a"');
    p.card('b', 'deps: [a]\nwrite: true\ncommand: "cat a.txt > b-saw.txt && echo wrote b"');
    commitProject(p);
    execFileSync('git', ['clone', '-q', '--bare', p.root, bare]);
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-clone-'));
    execFileSync('git', ['clone', '-q', bare, clone]);
    workers.push(startWorker(p, clone, redis.url, 'br1', 1));
    const run = await p.orchAsync(['run', '--redis', redis.url]);
    expect(run.code, run.output).toBe(0);
    expect(gitOut(p.root, 'show', 'orch/integration:b-saw.txt')).toBe('from-a');
    expect(gitOut(p.root, 'log', '--format=%(trailers:key=Orch-Card,valueonly)', 'orch/integration').split('\n').filter(Boolean)).toEqual(['b', 'a']);
    expect(gitOut(bare, 'show', 'orch/card/b:b-saw.txt')).toBe('from-a');
    // what b started from: the integration commit with a merged, published to the remote
    expect(gitOut(bare, 'show', 'orch/integration:a.txt')).toBe('from-a');
    expect(gitOut(p.root, 'branch', '--list', 'orch/card/*')).toBe('');
    for (const w of workers.splice(0)) w.child.kill('SIGTERM');
  }, 60_000);

  it('a project in a folder of its repository: the agent works in that folder and its work lands there', async () => {
    const p = tempProject();
    p.write('sub/.orchestrator/orchestrator.yaml', p.read('.orchestrator/orchestrator.yaml'));
    p.write('sub/.orchestrator/tasks/w.md', '---\nid: w\nwrite: true\ncommand: "pwd > where.txt"\n---\nWrite.\n');
    p.write('sub/.gitignore', '.orchestrator/*\n!.orchestrator/tasks/\n!.orchestrator/orchestrator.yaml\n');
    commitProject(p);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'pf1', 1));
    const run = await p.orchAsync(['-C', 'sub', 'run', '--redis', redis.url]);
    expect(run.code, run.output).toBe(0);
    expect(gitOut(p.root, 'show', 'orch/integration:sub/where.txt')).toMatch(/\/sub$/);
    expect(gitOut(p.root, 'show', '--name-only', '--format=', 'orch/integration^2')).toBe('sub/where.txt');
    for (const w of workers.splice(0)) w.child.kill('SIGTERM');
  }, 60_000);

  it('two cards on a worker that change the same file: the second to merge conflicts, runs again on top of the first, and both land', async () => {
    const p = tempProject('concurrency: 4\ndefaults: { agent: fake, retries: 1, timeout: 20s }\nbackoff: { initial: 10ms, factor: 2, max: 50ms }\n');
    p.card('x', 'write: true\ncommand: "sleep 1; echo x >> same.txt; echo wrote x"');
    p.card('y', 'write: true\ncommand: "sleep 1; echo y >> same.txt; echo wrote y"');
    commitProject(p);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'cf1', 2));
    const run = await p.orchAsync(['run', '--redis', redis.url]);
    expect(run.code, run.output).toBe(0);
    const failed = p.events().filter((e) => e.type === 'merge-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ kind: 'conflict', files: ['same.txt'] });
    const loser = failed[0]!.card as string;
    const winner = loser === 'x' ? 'y' : 'x';
    expect(p.events().find((e) => e.type === 'card' && e.card === loser && e.attempt === 1 && e.to !== 'running')).toMatchObject({ errorKind: 'merge_conflict' });
    expect(gitOut(p.root, 'show', 'orch/integration:same.txt')).toBe(`${winner}\n${loser}`);
    for (const id of ['x', 'y']) expect(p.events().some((e) => e.type === 'card' && e.card === id && e.to === 'done'), id).toBe(true);
    for (const w of workers.splice(0)) w.child.kill('SIGTERM');
  }, 60_000);

  it('merge.verify failing on the head fails the card as merge_verify and leaves the integration branch as it was', async () => {
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 20s }\nmerge: { verify: "test ! -f bad.txt" }\n');
    p.card('bad', 'write: true\ncommand: "echo no > bad.txt"');
    commitProject(p);
    const before = gitOut(p.root, 'rev-parse', 'HEAD');
    workers.push(startWorker(p, cloneOf(p), redis.url, 'mv1', 1));
    const run = await p.orchAsync(['run', '--redis', redis.url]);
    expect(run.code).toBe(1);
    expect(p.events().find((e) => e.type === 'card' && e.card === 'bad' && e.to === 'failed')).toMatchObject({ errorKind: 'merge_verify' });
    expect(gitOut(p.root, 'rev-parse', 'orch/integration')).toBe(before);
    expect(gitOut(p.root, 'show', 'orch/card/bad:bad.txt')).toBe('no');
    for (const w of workers.splice(0)) w.child.kill('SIGTERM');
  }, 60_000);

  it('orch cancel of a card running on a worker ends its agent there, records it cancelled and frees the slot', async () => {
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 0, timeout: 600s }\n');
    p.card('long', 'command: "sleep 300; echo late"');
    commitProject(p);
    const clone = cloneOf(p);
    workers.push(startWorker(p, clone, redis.url, 'cx1', 1));
    const head = p.start(['run', '--redis', redis.url]);
    heads.push(head);
    await until('the agent of long to run on cx1', () => agentsOf('long', `${clone}.tmp`).length > 0, 30_000);
    const agents = agentsOf('long', `${clone}.tmp`);
    // a card added now waits in the queue: the worker's one slot is long's
    p.card('after', 'command: "echo after"');
    await until('the job of after to wait in Redis', () => queued(redis, 'after'), 20_000);
    expect(p.orch(['cancel', 'long']).code).toBe(0);
    await until('the agent of long to be ended on the worker', () => !agents.some(alive), 10_000);
    expect(await exited(head), head.output()).toBe(1);
    const events = p.events();
    const cancelled = events.findIndex((e) => e.type === 'card' && e.card === 'long' && e.to === 'cancelled');
    expect(cancelled).toBeGreaterThan(-1);
    expect(events[cancelled]).toMatchObject({ errorKind: 'interrupted', message: 'cancelled by a person' });
    expect(events.findIndex((e) => e.type === 'spawned' && e.card === 'after' && e.worker === 'cx1')).toBeGreaterThan(cancelled);
    expect(p.read('.orchestrator/results/after.md')).toContain('after');
    for (const w of workers.splice(0)) w.child.kill('SIGTERM');
  }, 60_000);

  it('a worker whose agent CLI is missing fails the attempt as not_found', async () => {
    const p = tempProject('concurrency: 2\ndefaults: { agent: gone, retries: 0, timeout: 20s }\nagents:\n  gone: { use: command, command: ["/nonexistent/orch-agent"] }\n');
    p.card('lost', '');
    commitProject(p);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'nf1', 1));
    const run = await p.orchAsync(['run', '--redis', redis.url]);
    expect(run.code).toBe(1);
    expect(p.events().find((e) => e.type === 'card' && e.card === 'lost' && e.to === 'failed')).toMatchObject({ errorKind: 'not_found' });
    for (const w of workers.splice(0)) w.child.kill('SIGTERM');
  }, 60_000);

  it('orch workers lists the live workers and their slots; a bad URL is one line', async () => {
    const p = tempProject();
    commitProject(p);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'ls1', 2));
    await until('ls1 to beat', () => p.orch(['workers', '--redis', redis.url]).stdout.includes('ls1'), 20_000);
    expect(p.orch(['workers', '--redis', redis.url]).stdout).toMatch(/ls1 .* 0\/2 slots {2}idle/);
    const bad = p.orch(['run', '--redis', 'http://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    for (const w of workers.splice(0)) w.child.kill('SIGTERM');
  }, 60_000);
});
