// The benchmark at smoke size, so it never rots: tiny DAGs, one repetition.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import { analyse, generateDag, makefileText } from '../bench/generate-dag.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-bench-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Summary { median: number; min: number; max: number; n: number }

describe('bench generator', () => {
  it('is seeded, acyclic and computes the ideal', () => {
    for (const shape of ['chain', 'layered', 'fanout', 'uneven', 'random']) {
      const a = generateDag({ shape, cards: 40, duration: 'uniform:100-300', seed: 3 });
      const b = generateDag({ shape, cards: 40, duration: 'uniform:100-300', seed: 3 });
      expect(a).toEqual(b);
      expect(a.cards).toHaveLength(40);
      const seen = new Set<string>();
      for (const c of a.cards as { id: string; deps: string[]; ms: number }[]) {
        for (const d of c.deps) expect(seen.has(d)).toBe(true); // deps come first: no cycle
        expect(c.ms % 10).toBe(0);
        seen.add(c.id);
      }
      expect(makefileText(a)).toContain('.stamps/c0039:');
    }
    const chain = generateDag({ shape: 'chain', cards: 10, duration: 'fixed:200' });
    const plan = analyse(chain, 4);
    expect(plan.idealMs).toBe(2000);
    expect(plan.listScheduleMs).toBe(2000);
    const wide = analyse(generateDag({ shape: 'layered', cards: 40, duration: 'fixed:100', levels: 1 }), 4);
    expect(wide.idealMs).toBe(1000);
  });
});

describe('npm run bench --quick', () => {
  it('measures orch, make and the ideal and writes results.json', async () => {
    const out = path.join(tmp, 'results.json');
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(ROOT, 'bench', 'run.mjs'), '--quick', '--out', out, '--work', path.join(tmp, 'work')],
        { cwd: ROOT, timeout: 89_000, maxBuffer: 16 << 20 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('TIMING');
    expect(run.stdout).toContain('SCALE');
    const results = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(results.meta.orch.ok, `orch run could not be measured: ${results.meta.orch.reason}`).toBe(true);

    expect(results.timing.length).toBeGreaterThanOrEqual(5);
    for (const row of results.timing) {
      expect(row.errors, row.name).toEqual([]);
      expect(row.idealMs).toBeGreaterThan(0);
      for (const who of ['orch', 'make', 'barrier']) {
        const s = row[who] as Summary | null;
        expect(s, `${row.name} ${who}`).not.toBeNull();
        // Nobody beats the lower bound (allow 2% for timer granularity).
        expect(s!.median, `${row.name} ${who}`).toBeGreaterThanOrEqual(row.idealMs * 0.98);
      }
      expect(row.ratios.orchOverMake).toBeGreaterThan(0);
      expect(row.orchFirstAgentMs.median).toBeGreaterThan(0);
    }

    expect(results.scale.rows.length).toBe(3);
    for (const row of results.scale.rows) {
      expect(row.errors, `${row.cards} cards`).toEqual([]);
      expect(row.orchPerCardMs.median).toBeGreaterThan(0);
      expect(row.makePerCardMs.median).toBeGreaterThan(0);
      expect(row.validateMs.median).toBeGreaterThan(0);
      expect(row.eventsBytes.median).toBeGreaterThan(0);
      expect(row.orchPeakRssMb.median).toBeGreaterThan(1);
    }
    expect(results.scale.growth.orch).toBeGreaterThan(0);
    expect(results.targets.length).toBeGreaterThan(5);
  }, 90_000);
});
