#!/usr/bin/env node
// `npm run bench`: speed and scale of `orch run`, side by side with GNU make -j, a level-by-level
// barrier schedule and the ideal. Prints tables and writes bench/out/results.json.
//
//   node bench/run.mjs [--quick] [--reps N] [--only timing|scale] [--out FILE] [--work DIR] [--orch CLI.js]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyse, generateDag, writeProject } from './generate-dag.mjs';
import { analyseEvents, cleanRunState, fileSize, HAS_TIME_BIN, readEvents, summarize, timedRun } from './measure.mjs';
import { makeVersion, runBarrier, runMake, runNodeLoop } from './references.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

// ---------------------------------------------------------------- suites
/**
 * Timing DAGs: 20-200 sleep cards of 0.2-2 s at concurrency 4 and 8, each ≈ 8 s ideal: long enough
 * that orch's fixed cost (Node's own start, ~0.1 s here, and the final report) is a few percent,
 * short enough that the full bench stays under ten minutes on two cores. The lower bound is
 * (nearly) reachable, except for fanout, whose source and sink are serial by construction (`plan`).
 * The barrier reference runs once per DAG: it is far from the others and costs the most time.
 */
export const TIMING_FULL = [
  { shape: 'chain', cards: 20, duration: 'uniform:200-600', concurrency: 4 },
  { shape: 'layered', cards: 120, duration: 'uniform:200-800', concurrency: 8, levels: 6 },
  { shape: 'fanout', cards: 50, duration: 'fixed:1000', concurrency: 8 },
  { shape: 'uneven', cards: 40, duration: 'uniform:200-2000', concurrency: 4, longFraction: 0.25 },
  { shape: 'random', cards: 200, duration: 'uniform:200-500', concurrency: 8, maxDeps: 3 },
];
export const TIMING_QUICK = [
  { shape: 'chain', cards: 5, duration: 'fixed:50', concurrency: 4 },
  { shape: 'layered', cards: 24, duration: 'uniform:20-60', concurrency: 4, levels: 3 },
  { shape: 'fanout', cards: 10, duration: 'fixed:40', concurrency: 4 },
  { shape: 'uneven', cards: 16, duration: 'uniform:30-70', concurrency: 4, longFraction: 0.25 },
  { shape: 'random', cards: 24, duration: 'uniform:20-60', concurrency: 4 },
];
/** Scale: zero-duration cards, wide (10 levels, 1–3 deps on the level before), concurrency 8. */
export const SCALE_FULL = { sizes: [100, 1000, 10000], shape: 'layered', levels: 10, concurrency: 8 };
export const SCALE_QUICK = { sizes: [20, 50, 100], shape: 'layered', levels: 10, concurrency: 8 };
/** A size whose first repetition took longer than this is not repeated (keeps the full bench short). */
export const SCALE_REPEAT_CAP_MS = 30_000;

export const TARGETS = {
  wallOverIdeal: 1.03,
  orchOverMake: 1.0,
  overheadPerCardMsAt1000: 2,
  perCardGrowth: 1.2,
  peakRssMbAt10000: 200,
  depStartP99Ms: 15,
  depStartP50Ms: 5,
  orchOverNodeZero: 1.2,
  firstAgentMs: 150,
  validate10000Ms: 2000,
};

// ---------------------------------------------------------------- args
export function parseArgs(argv) {
  const o = { quick: false, reps: undefined, only: undefined, out: path.join(HERE, 'out', 'results.json'), work: undefined, orch: path.join(ROOT, 'dist', 'cli', 'main.js') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--quick': o.quick = true; break;
      case '--reps': o.reps = Number(value()); if (!Number.isInteger(o.reps) || o.reps < 1) throw new Error('--reps must be a whole number ≥ 1'); break;
      case '--only': o.only = value(); if (!['timing', 'scale'].includes(o.only)) throw new Error('--only takes timing or scale'); break;
      case '--out': o.out = path.resolve(value()); break;
      case '--work': o.work = path.resolve(value()); break;
      case '--orch': o.orch = path.resolve(value()); break;
      case '-h': case '--help': o.help = true; break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  o.reps ??= o.quick ? 1 : 3;
  o.work ??= path.join(path.dirname(o.out), 'work');
  return o;
}

const log = (msg) => process.stderr.write(`${msg}\n`);

// ---------------------------------------------------------------- orch
/**
 * Is `orch run` usable? `orch run --help` must work and a 3-card probe must finish with exit 0 and
 * every card done (`quick` skips the probe: its runs report their own failures).
 */
export async function probeOrch(cli, workDir, { quick = false } = {}) {
  if (!fs.existsSync(cli)) return { ok: false, reason: `${path.relative(ROOT, cli)} not found (run \`npm run build\`)` };
  const help = spawnSync(process.execPath, [cli, 'run', '--help'], { encoding: 'utf8', timeout: 20_000 });
  if (help.status !== 0) return { ok: false, reason: `\`orch run --help\` exited ${help.status}: ${(help.stderr || help.stdout || '').trim().split('\n').slice(-2).join(' ')}` };
  if (quick) return { ok: true };
  const dag = generateDag({ shape: 'chain', cards: 3, duration: 'zero', seed: 1, name: 'probe' });
  const dir = path.join(workDir, 'probe');
  writeProject(dir, dag, { concurrency: 2 });
  const r = await timedRun(process.execPath, [cli, 'run', '--concurrency', '2'], { cwd: dir, timeoutMs: 30_000, stdoutFile: path.join(dir, 'orch.out') });
  const { events } = readEvents(dir);
  const done = new Set(events.filter((e) => e.type === 'card' && e.to === 'done').map((e) => e.card));
  if (r.code !== 0 || done.size !== 3) {
    const out = fs.existsSync(path.join(dir, 'orch.out')) ? fs.readFileSync(path.join(dir, 'orch.out'), 'utf8') : '';
    const tail = `${r.stderr}\n${out}`.trim().split('\n').slice(-3).join(' | ');
    return { ok: false, reason: `probe run exited ${r.code ?? r.signal}${r.timedOut ? ' (timed out)' : ''} with ${done.size}/3 cards done: ${tail}` };
  }
  return { ok: true };
}

function timeoutFor(plan) {
  return 60_000 + plan.cards * 30 + plan.idealMs * 10;
}

async function runOrch(cli, dir, dag, plan, concurrency, { memory = false } = {}) {
  cleanRunState(dir);
  const r = await timedRun(process.execPath, [cli, 'run', '--concurrency', String(concurrency)], {
    cwd: dir, memory, timeoutMs: timeoutFor(plan), stdoutFile: path.join(dir, 'orch.out'),
    env: { ...process.env, NO_COLOR: '1' },
  });
  const { events, bytes } = readEvents(dir);
  const ev = analyseEvents(events, dag, { spawnEpoch: r.startEpoch, concurrency });
  const ok = r.code === 0 && ev.done === dag.cards.length;
  return {
    ok, wallMs: r.wallMs, code: r.code, signal: r.signal, timedOut: r.timedOut, done: ev.done,
    maxRssKb: r.maxRssKb, memoryMethod: r.memoryMethod, eventsBytes: bytes,
    runStartedMs: ev.runStartedMs,
    steadyMs: ev.lastDoneEpoch && ev.firstAgentMs !== null ? ev.lastDoneEpoch - (r.startEpoch + ev.firstAgentMs) : null,
    windDownMs: ev.lastDoneEpoch ? r.startEpoch + r.wallMs - ev.lastDoneEpoch : null, firstAgentMs: ev.firstAgentMs, depStart: ev.depStart, dispatch: ev.dispatch, dispatchToSpawn: ev.dispatchToSpawn, spawn: ev.spawn, attemptOverhead: ev.attemptOverhead,
    error: ok ? undefined : `exit ${r.code ?? r.signal}, ${ev.done}/${dag.cards.length} done: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`,
  };
}

async function timeCli(cli, dir, args, timeoutMs = 120_000) {
  const r = await timedRun(process.execPath, [cli, ...args], { cwd: dir, timeoutMs });
  return { wallMs: r.wallMs, code: r.code, error: r.code === 0 ? undefined : r.stderr.trim().split('\n').slice(-3).join(' | ') };
}

// ---------------------------------------------------------------- suites
async function timingSuite(o, orch) {
  const specs = o.quick ? TIMING_QUICK : TIMING_FULL;
  const rows = [];
  for (const spec of specs) {
    const { concurrency, ...gen } = spec;
    const dag = generateDag({ seed: 1, ...gen });
    const plan = analyse(dag, concurrency);
    const dir = path.join(o.work, `timing-${dag.name.replace(/[^A-Za-z0-9._-]/g, '_')}-c${concurrency}`);
    writeProject(dir, dag, { concurrency });
    const reps = { orch: [], make: [], barrier: [], node: [] };
    for (let rep = 0; rep < o.reps; rep++) {
      const loop = await runNodeLoop(dag, concurrency, dir);
      loop.ok = loop.failed === 0 && loop.done === dag.cards.length;
      reps.node.push(loop);
      log(`[timing] ${dag.name} c${concurrency} rep ${rep + 1}/${o.reps}: node loop ${fmtMs(loop.wallMs)}`);
      if (orch.ok) {
        const r = await runOrch(o.orch, dir, dag, plan, concurrency);
        reps.orch.push(r);
        log(`[timing] ${dag.name} c${concurrency} rep ${rep + 1}/${o.reps}: orch ${fmtMs(r.wallMs)}${r.ok ? '' : ` FAILED (${r.error})`}`);
      }
      const m = await runMake(dir, concurrency, { timeoutMs: timeoutFor(plan) });
      m.ok = m.code === 0 && m.done === dag.cards.length;
      reps.make.push(m);
      log(`[timing] ${dag.name} c${concurrency} rep ${rep + 1}/${o.reps}: make ${fmtMs(m.wallMs)}`);
      if (rep === 0) {
        const b = await runBarrier(dag, plan.levels, concurrency, dir);
        b.ok = b.failed === 0 && b.done === dag.cards.length;
        reps.barrier.push(b);
        log(`[timing] ${dag.name} c${concurrency}: barrier ${fmtMs(b.wallMs)}`);
      }
    }
    const wall = (k) => summarize(reps[k].filter((r) => r.ok).map((r) => r.wallMs));
    const row = {
      name: dag.name, shape: dag.shape, cards: plan.cards, edges: plan.edges, depth: plan.depth, duration: dag.duration, concurrency,
      criticalPathMs: plan.criticalPathMs, totalWorkMs: plan.totalWorkMs, idealMs: plan.idealMs,
      planMs: plan.listScheduleMs, barrierPlanMs: plan.barrierPlanMs,
      orch: orch.ok ? wall('orch') : null,
      make: wall('make'),
      barrier: wall('barrier'),
      node: wall('node'),
      ...eventSummaries(orch.ok ? reps.orch.filter((r) => r.ok) : []),
      errors: [...reps.orch, ...reps.make, ...reps.barrier, ...reps.node].filter((r) => !r.ok).map((r) => r.error ?? `exit ${r.code}, ${r.done} done`),
      reps: { orch: reps.orch.map(slim), make: reps.make.map(slim), barrier: reps.barrier.map(slim), node: reps.node.map(slim) },
    };
    const ratio = (a, b) => (a && b ? a.median / b : null);
    row.ratios = {
      orchOverIdeal: ratio(row.orch, plan.idealMs), makeOverIdeal: ratio(row.make, plan.idealMs), barrierOverIdeal: ratio(row.barrier, plan.idealMs),
      orchOverPlan: ratio(row.orch, plan.listScheduleMs),
      orchOverMake: row.orch && row.make ? row.orch.median / row.make.median : null,
      nodeOverIdeal: ratio(row.node, plan.idealMs),
      orchOverNode: row.orch && row.node ? row.orch.median / row.node.median : null,
    };
    rows.push(row);
  }
  return rows;
}

async function scaleSuite(o, orch) {
  const cfg = o.quick ? SCALE_QUICK : SCALE_FULL;
  const rows = [];
  for (const n of cfg.sizes) {
    const dag = generateDag({ shape: cfg.shape, cards: n, duration: 'zero', seed: 1, levels: cfg.levels });
    const plan = analyse(dag, cfg.concurrency);
    const dir = path.join(o.work, `scale-${n}`);
    const t0 = performance.now();
    writeProject(dir, dag, { concurrency: cfg.concurrency });
    log(`[scale] ${dag.name}: wrote ${n} cards in ${fmtMs(performance.now() - t0)}`);
    const reps = { orch: [], make: [], validate: [], node: [] };
    const capped = { orch: false, make: false };
    for (let rep = 0; rep < o.reps; rep++) {
      if (rep > 0) {
        const slow = (k) => reps[k].length && reps[k][reps[k].length - 1].wallMs > SCALE_REPEAT_CAP_MS;
        capped.orch ||= slow('orch');
        capped.make ||= slow('make');
        if ((capped.orch || !orch.ok) && capped.make && reps.validate.length) break;
      }
      if (orch.ok) {
        cleanRunState(dir);
        const v = await timeCli(o.orch, dir, ['validate']);
        reps.validate.push(v);
        log(`[scale] ${n} cards rep ${rep + 1}/${o.reps}: validate ${fmtMs(v.wallMs)}${v.code === 0 ? '' : ` FAILED (${v.error})`}`);
      }
      if (orch.ok && !capped.orch) {
        const r = await runOrch(o.orch, dir, dag, plan, cfg.concurrency, { memory: 'time' });
        reps.orch.push(r);
        log(`[scale] ${n} cards rep ${rep + 1}/${o.reps}: orch ${fmtMs(r.wallMs)} ` +
          `(${(r.wallMs / n).toFixed(2)} ms/card, peak ${r.maxRssKb ? Math.round(r.maxRssKb / 1024) : '?'} MB)${r.ok ? '' : ` FAILED (${r.error})`}`);
      }
      const loop = await runNodeLoop(dag, cfg.concurrency, dir);
      if (loop.failed === 0 && loop.done === n) reps.node.push(loop);
      log(`[scale] ${n} cards rep ${rep + 1}/${o.reps}: node loop ${fmtMs(loop.wallMs)} (${(loop.wallMs / n).toFixed(2)} ms/card)`);
      if (capped.make) continue;
      const m = await runMake(dir, cfg.concurrency, { memory: 'time', timeoutMs: timeoutFor(plan) });
      m.ok = m.code === 0 && m.done === n;
      reps.make.push(m);
      log(`[scale] ${n} cards rep ${rep + 1}/${o.reps}: make ${fmtMs(m.wallMs)} (${(m.wallMs / n).toFixed(2)} ms/card)`);
    }
    if (capped.orch || capped.make) {
      log(`[scale] ${n} cards: ${['orch', 'make'].filter((k) => capped[k]).join(' and ')} not repeated (first run over ${SCALE_REPEAT_CAP_MS / 1000} s)`);
    }
    const okOrch = reps.orch.filter((r) => r.ok);
    const okMake = reps.make.filter((r) => r.ok);
    rows.push({
      cards: n, edges: plan.edges, depth: plan.depth, shape: cfg.shape, concurrency: cfg.concurrency,
      notRepeated: Object.keys(capped).filter((k) => capped[k]),
      orchWall: summarize(okOrch.map((r) => r.wallMs)),
      orchPerCardMs: summarize(okOrch.map((r) => r.wallMs / n)),
      orchSteadyPerCardMs: summarize(okOrch.map((r) => (r.steadyMs === null ? null : r.steadyMs / n))),
      makeWall: summarize(okMake.map((r) => r.wallMs)),
      makePerCardMs: summarize(okMake.map((r) => r.wallMs / n)),
      nodeWall: summarize(reps.node.map((r) => r.wallMs)),
      nodePerCardMs: summarize(reps.node.map((r) => r.wallMs / n)),
      orchPeakRssMb: summarize(okOrch.map((r) => (r.maxRssKb ? r.maxRssKb / 1024 : null))),
      makePeakRssMb: summarize(okMake.map((r) => (r.maxRssKb ? r.maxRssKb / 1024 : null))),
      memoryMethod: okOrch[0]?.memoryMethod ?? okMake[0]?.memoryMethod ?? null,
      validateMs: summarize(reps.validate.filter((v) => v.code === 0).map((v) => v.wallMs)),
      eventsBytes: summarize(okOrch.map((r) => r.eventsBytes)),
      ...eventSummaries(okOrch),
      errors: [...reps.orch.filter((r) => !r.ok).map((r) => r.error), ...reps.make.filter((r) => !r.ok).map((r) => `make exit ${r.code}, ${r.done} done`),
        ...reps.validate.filter((v) => v.code !== 0).map((v) => `validate: ${v.error}`)],
      reps: { orch: reps.orch.map(slim), make: reps.make.map(slim), validate: reps.validate },
    });
  }
  // Per-card growth between the two largest sizes (10,000 vs 1,000 in the full bench).
  const [a, b] = rows.slice(-2);
  const growth = (k) => (a?.[k] && b?.[k] ? b[k].median / a[k].median : null);
  return {
    rows,
    growth: a && b ? { from: a.cards, to: b.cards, orch: growth('orchPerCardMs'), orchSteady: growth('orchSteadyPerCardMs'), make: growth('makePerCardMs') } : null,
  };
}

/** Medians over repetitions of the per-run event statistics. */
function eventSummaries(runs) {
  const of = (k, p) => summarize(runs.map((r) => r[k]?.[p]));
  const all = (k) => summarize(runs.map((r) => r[k]));
  return {
    orchRunStartedMs: all('runStartedMs'), orchFirstAgentMs: all('firstAgentMs'), orchWindDownMs: all('windDownMs'),
    orchDepStartP50Ms: of('depStart', 'p50'), orchDepStartP99Ms: of('depStart', 'p99'),
    orchDispatchP50Ms: of('dispatch', 'p50'), orchDispatchP99Ms: of('dispatch', 'p99'),
    orchDispatchToSpawnP50Ms: of('dispatchToSpawn', 'p50'), orchDispatchToSpawnP99Ms: of('dispatchToSpawn', 'p99'),
    orchSpawnP50Ms: of('spawn', 'p50'), orchSpawnP99Ms: of('spawn', 'p99'),
    orchAttemptOverheadP50Ms: of('attemptOverhead', 'p50'), orchAttemptOverheadP99Ms: of('attemptOverhead', 'p99'),
  };
}

function slim(r) {
  const { stderr, startEpoch, ...rest } = r;
  return rest;
}

// ---------------------------------------------------------------- output
export function fmtMs(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(2)}s`;
  if (Math.abs(ms) >= 10) return `${Math.round(ms)}ms`;
  return `${ms.toFixed(1)}ms`;
}
const fmtRatio = (x, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const med = (s) => s?.median ?? null;
function range(s, f) {
  if (!s) return '—';
  return s.n > 1 ? `${f(s.median)} [${f(s.min)}–${f(s.max)}]` : f(s.median);
}

function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function mark(value, target, lowerIsBetter = true) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '  (not measured)';
  return (lowerIsBetter ? value <= target : value >= target) ? '  ✓ meets' : '  ✗ misses';
}

export function render(results) {
  const out = [];
  const { meta } = results;
  out.push(`orch bench — ${meta.date}, ${meta.cpus} × ${meta.cpuModel}, node ${meta.node}, ${meta.make ?? 'make not found'}`);
  out.push(`medians of ${meta.reps} repetition(s), [min–max]; orch: ${meta.orch.ok ? meta.orch.cli : `NOT MEASURED — ${meta.orch.reason}`}`);
  if (results.timing) {
    out.push('', 'TIMING — sleep cards; ideal = max(critical path, work / concurrency); plan = zero-overhead critical-path-first schedule');
    out.push(table(
      ['DAG', 'cards', 'c', 'ideal', 'plan', 'orch', 'make -j', 'node loop', 'barrier'],
      results.timing.map((r) => [`${r.shape} ${r.duration}`, r.cards, r.concurrency, fmtMs(r.idealMs), fmtMs(r.planMs), range(r.orch, fmtMs), range(r.make, fmtMs), range(r.node, fmtMs), range(r.barrier, fmtMs)]),
    ));
    out.push('');
    out.push(table(
      ['DAG', 'orch/ideal', 'orch/plan', 'make/ideal', 'node/ideal', 'barrier/ideal', 'orch/make', 'orch/node'],
      results.timing.map((r) => [`${r.shape} ${r.duration}`, fmtRatio(r.ratios.orchOverIdeal), fmtRatio(r.ratios.orchOverPlan), fmtRatio(r.ratios.makeOverIdeal),
        fmtRatio(r.ratios.nodeOverIdeal), fmtRatio(r.ratios.barrierOverIdeal), fmtRatio(r.ratios.orchOverMake), fmtRatio(r.ratios.orchOverNode)]),
    ));
    out.push('', 'LATENCY — orch, from events.jsonl');
    out.push(latencyTable(results.timing.map((r) => [`${r.shape} ${r.duration}`, r])));
    out.push(LATENCY_LEGEND);
    const errs = results.timing.flatMap((r) => r.errors.map((e) => `${r.name}: ${e}`));
    if (errs.length) out.push(`errors: ${errs.join('\n        ')}`);
  }
  if (results.scale) {
    const s = results.scale;
    out.push('', `SCALE — zero-duration cards ("true"), ${s.rows[0]?.shape ?? ''} DAG, concurrency ${s.rows[0]?.concurrency ?? ''}; peak RSS via ${s.rows.find((r) => r.memoryMethod)?.memoryMethod === 'time' ? '/usr/bin/time -f %M' : 'polling /proc/<pid>/status VmRSS every 20 ms'}`);
    out.push(table(
      ['cards', 'orch wall', 'orch/card', 'steady/card', 'make wall', 'make/card', 'node/card', 'orch/make', 'orch/node', 'orch peak', 'make peak', 'validate', 'events.jsonl'],
      s.rows.map((r) => [r.cards, range(r.orchWall, fmtMs), fmtMs(med(r.orchPerCardMs)), fmtMs(med(r.orchSteadyPerCardMs)), range(r.makeWall, fmtMs), fmtMs(med(r.makePerCardMs)),
        fmtMs(med(r.nodePerCardMs)),
        fmtRatio(med(r.orchWall) && med(r.makeWall) ? med(r.orchWall) / med(r.makeWall) : null, 2),
        fmtRatio(med(r.orchWall) && med(r.nodeWall) ? med(r.orchWall) / med(r.nodeWall) : null, 2),
        r.orchPeakRssMb ? `${med(r.orchPeakRssMb).toFixed(0)} MB` : '—', r.makePeakRssMb ? `${med(r.makePeakRssMb).toFixed(0)} MB` : '—',
        range(r.validateMs, fmtMs), r.eventsBytes ? fmtBytes(med(r.eventsBytes)) : '—']),
    ));
    const notRepeated = s.rows.filter((r) => r.notRepeated?.length);
    if (notRepeated.length) out.push(`not repeated (first run over ${SCALE_REPEAT_CAP_MS / 1000} s): ${notRepeated.map((r) => `${r.notRepeated.join(', ')} at ${r.cards}`).join('; ')}`);
    if (s.growth) out.push(`per-card growth ${s.growth.from} → ${s.growth.to} cards: orch ${fmtRatio(s.growth.orch, 2)}× (steady ${fmtRatio(s.growth.orchSteady, 2)}×), make ${fmtRatio(s.growth.make, 2)}×`);
    out.push('steady/card = (last `done` − first `running`) / cards: the per-card cost without start-up and wind-down');
    out.push('validate = `orch validate` on the same folder, node start-up included (the card parsing micro-benchmark)');
    out.push('', 'LATENCY at scale — orch, from events.jsonl');
    out.push(latencyTable(s.rows.map((r) => [`${r.cards} cards`, r])));
    const errs = s.rows.flatMap((r) => r.errors.map((e) => `${r.cards} cards: ${e}`));
    if (errs.length) out.push(`errors: ${errs.join('\n        ')}`);
  }
  if (results.targets?.length) {
    out.push('', 'TARGETS (informational, not pass/fail)');
    out.push(table(['target', 'measured', 'verdict'], results.targets.map((t) => [t.target, t.measured, t.verdict])));
  }
  return out.join('\n');
}

const LATENCY_LEGEND = [
  'run-started / first agent: spawn of `orch run` → its `run-started` event / its first `running` event; wind-down: last `done` → exit',
  'dep start: a card\'s `running` − its last dep\'s `done` (includes waiting for a slot when all are busy)',
  'dispatch: a card\'s `running` − the later of its last dep\'s `done` and a slot freeing up (the scheduler\'s reaction)',
  'to spawned: the same as dispatch, up to the card\'s `spawned` event (its process is running)',
  'attempt overhead: `done` − `running` − the card\'s own duration (shell, wait, result and log files, events)',
].join('\n');

function latencyTable(rows) {
  const pair = (a, b) => `${fmtMs(med(a))} / ${fmtMs(med(b))}`;
  return table(
    ['', 'run-started', 'first agent', 'wind-down', 'dep start p50 / p99', 'dispatch p50 / p99', 'to spawned p50 / p99', 'attempt overhead p50 / p99'],
    rows.map(([label, r]) => [label, fmtMs(med(r.orchRunStartedMs)), fmtMs(med(r.orchFirstAgentMs)), fmtMs(med(r.orchWindDownMs)), pair(r.orchDepStartP50Ms, r.orchDepStartP99Ms),
      pair(r.orchDispatchP50Ms, r.orchDispatchP99Ms), pair(r.orchDispatchToSpawnP50Ms, r.orchDispatchToSpawnP99Ms), pair(r.orchAttemptOverheadP50Ms, r.orchAttemptOverheadP99Ms)]),
  );
}

function fmtBytes(b) {
  if (b >= 1 << 20) return `${(b / (1 << 20)).toFixed(1)} MB`;
  if (b >= 1024) return `${(b / 1024).toFixed(0)} kB`;
  return `${b} B`;
}

export function targets(results) {
  const t = [];
  const T = TARGETS;
  if (results.timing) {
    const worst = (k) => {
      const xs = results.timing.map((r) => r.ratios[k]).filter((x) => x !== null);
      return xs.length ? Math.max(...xs) : null;
    };
    const wi = worst('orchOverIdeal');
    t.push({ target: `orch wall/ideal ≤ ${T.wallOverIdeal} (timing DAGs, worst)`, measured: fmtRatio(wi), verdict: mark(wi, T.wallOverIdeal) });
    const wp = worst('orchOverPlan');
    t.push({ target: `orch wall/plan ≤ ${T.wallOverIdeal} (worst; plan is reachable)`, measured: fmtRatio(wp), verdict: mark(wp, T.wallOverIdeal) });
    const om = worst('orchOverMake');
    t.push({ target: 'orch ≤ make -j wall (timing DAGs, worst orch/make)', measured: fmtRatio(om), verdict: mark(om, T.orchOverMake) });
    const worstMed = (k) => {
      const xs = results.timing.map((r) => med(r[k])).filter((x) => x !== null);
      return xs.length ? Math.max(...xs) : null;
    };
    const dp99 = worstMed('orchDispatchP99Ms');
    t.push({ target: `dependent start p99 ≤ ${T.depStartP99Ms} ms, slot free, to \`running\` (dispatch)`, measured: fmtMs(dp99), verdict: mark(dp99, T.depStartP99Ms) });
    const tp99 = worstMed('orchDispatchToSpawnP99Ms');
    t.push({ target: `dependent start p99 ≤ ${T.depStartP99Ms} ms, slot free, to \`spawned\``, measured: fmtMs(tp99), verdict: mark(tp99, T.depStartP99Ms) });
    const tp50 = worstMed('orchDispatchToSpawnP50Ms');
    t.push({ target: `hop latency p50 ≤ ${T.depStartP50Ms} ms (dep done, slot free → dependent \`spawned\`)`, measured: fmtMs(tp50), verdict: mark(tp50, T.depStartP50Ms) });
    const sp99 = worstMed('orchDepStartP99Ms');
    t.push({ target: `dependent start p99 ≤ ${T.depStartP99Ms} ms, plain (incl. waiting for a slot)`, measured: fmtMs(sp99), verdict: mark(sp99, T.depStartP99Ms) });
    const wfa = worstMed('orchFirstAgentMs');
    t.push({ target: `first agent ≤ ${T.firstAgentMs} ms after spawn (worst DAG)`, measured: fmtMs(wfa), verdict: mark(wfa, T.firstAgentMs) });
  }
  if (results.scale) {
    const rows = results.scale.rows;
    const at = (n) => rows.find((r) => r.cards === n);
    const r1k = at(1000) ?? rows[rows.length - 2];
    const r10k = at(10000) ?? rows[rows.length - 1];
    if (r1k && med(r1k.nodeWall)) {
      const x = med(r1k.orchWall) / med(r1k.nodeWall);
      t.push({ target: `zero-duration cost ≤ ${T.orchOverNodeZero}× the bare Node loop at ${r1k.cards} cards`, measured: `${fmtRatio(x, 2)}×`, verdict: mark(x, T.orchOverNodeZero) });
    }
    if (r1k) {
      const v = med(r1k.orchPerCardMs);
      t.push({ target: `runner cost ≤ ${T.overheadPerCardMsAt1000} ms/card at ${r1k.cards} zero-duration cards`, measured: fmtMs(v), verdict: mark(v, T.overheadPerCardMsAt1000) });
    }
    const g = results.scale.growth?.orch ?? null;
    t.push({ target: `per-card cost at ${results.scale.growth?.to ?? 10000} ≤ ${T.perCardGrowth}× at ${results.scale.growth?.from ?? 1000}`, measured: g === null ? '—' : `${fmtRatio(g, 2)}× (steady ${fmtRatio(results.scale.growth?.orchSteady, 2)}×)`, verdict: mark(g, T.perCardGrowth) });
    if (r10k) {
      const mem = med(r10k.orchPeakRssMb);
      t.push({ target: `runner peak RSS < ${T.peakRssMbAt10000} MB at ${r10k.cards} cards`, measured: mem === null ? '—' : `${mem.toFixed(0)} MB`, verdict: mark(mem, T.peakRssMbAt10000) });
      const v = med(r10k.validateMs);
      t.push({ target: `orch validate (parse+validate) ${r10k.cards} cards < ${T.validate10000Ms / 1000} s`, measured: fmtMs(v), verdict: mark(v, T.validate10000Ms) });
    }
  }
  return t;
}

// ---------------------------------------------------------------- main
export async function runBench(o) {
  fs.mkdirSync(o.work, { recursive: true });
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  const started = performance.now();
  const orch = await probeOrch(o.orch, o.work, { quick: o.quick });
  if (!orch.ok) log(`orch run is not usable, measuring the references only: ${orch.reason}`);
  const make = makeVersion();
  if (!make) throw new Error('GNU make not found on PATH');
  const cpus = os.cpus();
  const results = {
    meta: {
      date: new Date().toISOString(), node: process.version, platform: `${os.platform()} ${os.release()}`,
      cpus: cpus.length, cpuModel: cpus[0]?.model?.trim() ?? 'unknown', loadavg: os.loadavg(), make,
      reps: o.reps, quick: o.quick,
      orch: { ok: orch.ok, cli: path.relative(ROOT, o.orch), reason: orch.reason ?? null },
      memoryMethod: HAS_TIME_BIN ? '/usr/bin/time -f %M (max RSS of the runner and the children it reaped)' : 'poll /proc/<pid>/status VmRSS every 20 ms',
      targets: TARGETS,
    },
  };
  if (o.only !== 'scale') results.timing = await timingSuite(o, orch);
  if (o.only !== 'timing') results.scale = await scaleSuite(o, orch);
  results.targets = targets(results);
  results.meta.benchSeconds = (performance.now() - started) / 1000;
  fs.writeFileSync(o.out, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }
  if (o.help) {
    console.log('usage: node bench/run.mjs [--quick] [--reps N] [--only timing|scale] [--out FILE] [--work DIR] [--orch dist/cli/main.js]');
    process.exit(0);
  }
  try {
    const results = await runBench(o);
    console.log(render(results));
    console.log(`\nwrote ${path.relative(process.cwd(), o.out) || o.out} in ${results.meta.benchSeconds.toFixed(0)} s`);
  } catch (error) {
    console.error(`bench: ${error.stack ?? error.message}`);
    process.exit(1);
  }
}
