import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, until, type TempProject } from '../helpers.js';
import { cloneOf, commitProject, startsByCard, startWorker, testRedis, type TestRedis, type TestWorker } from './worker-setup.js';

let redis: TestRedis;
const workers: TestWorker[] = [];

beforeAll(async () => {
  redis = await testRedis();
});

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
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

  it("a writing card's changes come back as a branch on the head's repository", async () => {
    const p = tempProject();
    p.card('edit', 'write: true', 'Edit.\n@fake write notes/out.txt hello from a worker');
    commitProject(p);
    workers.push(startWorker(p, cloneOf(p), redis.url, 'wr1', 1));
    const run = await p.orchAsync(['run', '--redis', redis.url]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('edit: its changes are on branch orch/card/edit (not merged)');
    const shown = spawnSync('git', ['show', 'orch/card/edit:notes/out.txt'], { cwd: p.root, encoding: 'utf8' });
    expect(shown.stdout).toBe('hello from a worker\n');
    expect(p.exists('notes/out.txt')).toBe(false);
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
