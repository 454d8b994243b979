// The references orch is compared with, on the same DAG and the same commands:
//   make:    GNU make -j N on the generated Makefile (stamp files under .stamps/)
//   barrier: the naive level-by-level schedule — start a whole level (at most N at once),
//            wait for all of it, then the next level.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { commandOf } from './generate-dag.mjs';
import { timedRun } from './measure.mjs';

export function makeVersion() {
  const r = spawnSync('make', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return r.stdout.split('\n')[0].trim();
}

/** Run `make -j N` in the project folder from clean stamps. Returns timedRun's result + stamps made. */
export async function runMake(projectDir, concurrency, { memory = false, timeoutMs } = {}) {
  const stamps = path.join(projectDir, '.stamps');
  fs.rmSync(stamps, { recursive: true, force: true });
  fs.mkdirSync(stamps);
  const r = await timedRun('make', ['-r', '-s', '-j', String(concurrency), '-f', 'Makefile', 'all'], { cwd: projectDir, memory, timeoutMs });
  r.done = fs.readdirSync(stamps).length;
  return r;
}

/** Run one command through /bin/sh, like orch and make do; resolves on exit. */
function runShell(command, cwd) {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, stdio: 'ignore' });
    child.on('error', () => resolve(-1));
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

/**
 * The barrier schedule: levels in order; inside a level a pool of `concurrency` workers takes
 * cards longest first. Returns { wallMs, done, failed }.
 */
export async function runBarrier(dag, levels, concurrency, cwd) {
  const byId = new Map(dag.cards.map((c) => [c.id, c]));
  let done = 0;
  let failed = 0;
  const t0 = performance.now();
  for (const level of levels) {
    const queue = level.map((id) => byId.get(id)).sort((a, b) => b.ms - a.ms);
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const card = queue[next++];
        const code = await runShell(commandOf(card), cwd);
        if (code === 0) done++;
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  }
  return { wallMs: performance.now() - t0, done, failed };
}

/**
 * The bare Node spawn loop: the least a Node program can do to run the DAG eagerly — a card starts
 * as soon as its deps exited 0 and a slot is free, longest remaining path first, each command
 * spawned directly (plain words, no shell, as orch does), no files, no events, no checks.
 * Returns { wallMs, done, failed }.
 */
export async function runNodeLoop(dag, concurrency, cwd) {
  const byId = new Map(dag.cards.map((c) => [c.id, c]));
  const dependents = new Map(dag.cards.map((c) => [c.id, []]));
  const waiting = new Map(dag.cards.map((c) => [c.id, new Set(c.deps).size]));
  for (const c of dag.cards) for (const d of new Set(c.deps)) dependents.get(d).push(c.id);
  const rank = new Map();
  for (const c of [...dag.cards].reverse()) rank.set(c.id, c.ms + Math.max(0, ...dependents.get(c.id).map((d) => rank.get(d))));
  const ready = dag.cards.filter((c) => waiting.get(c.id) === 0).map((c) => c.id);
  let running = 0;
  let done = 0;
  let failed = 0;
  const t0 = performance.now();
  await new Promise((resolve) => {
    const pump = () => {
      ready.sort((a, b) => rank.get(a) - rank.get(b));
      while (running < concurrency && ready.length) start(ready.pop());
      if (!running && !ready.length) resolve();
    };
    const start = (id) => {
      running++;
      const [file, ...args] = commandOf(byId.get(id)).split(' ');
      const child = spawn(file, args, { cwd, stdio: 'ignore' });
      child.on('error', () => {});
      child.on('close', (code) => {
        running--;
        if (code === 0) {
          done++;
          for (const d of dependents.get(id)) {
            waiting.set(d, waiting.get(d) - 1);
            if (waiting.get(d) === 0) ready.push(d);
          }
        } else failed++;
        pump();
      });
    };
    pump();
  });
  return { wallMs: performance.now() - t0, done, failed };
}
