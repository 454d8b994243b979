#!/usr/bin/env node
// Seeded DAG generator: writes an orch project folder (orchestrator.yaml + one card per task)
// and a Makefile that runs the same commands, so every runner gets the identical workload.
//
//   node bench/generate-dag.mjs --shape random --cards 200 --duration uniform:100-300 \
//        --seed 7 --concurrency 4 --out /tmp/dag
//
// Shapes: chain, layered (alias wide), fanout, uneven, random.
// Durations: zero | fixed:<ms> | uniform:<min>-<max> (ms).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const SHAPES = ['chain', 'layered', 'fanout', 'uneven', 'random'];

/** mulberry32: small, fast, good enough for reproducible benchmark graphs. */
export function rng(seed) {
  let a = typeof seed === 'number' ? seed >>> 0 : hashSeed(String(seed));
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashSeed(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** `zero`, `fixed:350`, `uniform:100-300` (ms) → a spec object. */
export function parseDurationSpec(text) {
  if (typeof text === 'object' && text) return text;
  const s = String(text).trim();
  if (s === 'zero' || s === '0') return { kind: 'zero' };
  let m = /^fixed:(\d+)$/.exec(s);
  if (m) return { kind: 'fixed', ms: Number(m[1]) };
  m = /^uniform:(\d+)-(\d+)$/.exec(s);
  if (m) {
    const min = Number(m[1]);
    const max = Number(m[2]);
    if (max < min) throw new Error(`bad duration spec ${s}: max < min`);
    return { kind: 'uniform', min, max };
  }
  throw new Error(`bad duration spec "${s}": use zero, fixed:<ms> or uniform:<min>-<max>`);
}

export function formatDurationSpec(spec) {
  if (spec.kind === 'zero') return 'zero';
  if (spec.kind === 'fixed') return `fixed:${spec.ms}`;
  return `uniform:${spec.min}-${spec.max}`;
}

function drawMs(spec, rand) {
  if (spec.kind === 'zero') return 0;
  if (spec.kind === 'fixed') return spec.ms;
  // Whole 10 ms steps: `sleep` gets a short, exact argument.
  const lo = Math.ceil(spec.min / 10);
  const hi = Math.floor(spec.max / 10);
  return 10 * (lo + Math.floor(rand() * (hi - lo + 1)));
}

/** Pick k distinct items from `pool` (k ≤ pool.length). */
function pick(pool, k, rand) {
  if (k >= pool.length) return [...pool];
  const chosen = new Set();
  while (chosen.size < k) chosen.add(pool[Math.floor(rand() * pool.length)]);
  return [...chosen];
}

/**
 * Build a DAG. Returns { name, shape, seed, duration, cards: [{ id, deps, ms }] } with cards in a
 * topological order. Options per shape:
 *   layered: levels (default min(10, ceil(n/10))), maxDeps (3)
 *   fanout:  stages (1): source → width cards → join, repeated
 *   uneven:  longFraction (0.25): a chain of round(n·f) cards beside n − that independent cards
 *   random:  maxDeps (3), window (all earlier cards): each card depends on 0..maxDeps earlier ones
 */
export function generateDag({ shape, cards: n, duration = 'fixed:100', seed = 1, name, ...opts }) {
  if (!SHAPES.includes(shape) && shape !== 'wide') throw new Error(`unknown shape "${shape}" (${SHAPES.join(', ')})`);
  if (shape === 'wide') shape = 'layered';
  if (!Number.isInteger(n) || n < 1) throw new Error(`cards must be a positive whole number, got ${n}`);
  const spec = parseDurationSpec(duration);
  const rand = rng(`${shape}:${n}:${seed}`);
  const durRand = rng(`dur:${shape}:${n}:${seed}`);
  const width = Math.max(4, String(n - 1).length);
  const idOf = (i) => `c${String(i).padStart(width, '0')}`;
  const deps = Array.from({ length: n }, () => []);

  switch (shape) {
    case 'chain':
      for (let i = 1; i < n; i++) deps[i].push(i - 1);
      break;
    case 'layered': {
      const levels = Math.max(1, Math.min(opts.levels ?? Math.min(10, Math.ceil(n / 10)), n));
      const maxDeps = opts.maxDeps ?? 3;
      const bounds = Array.from({ length: levels + 1 }, (_, l) => Math.round((l * n) / levels));
      for (let l = 1; l < levels; l++) {
        const prev = [];
        for (let i = bounds[l - 1]; i < bounds[l]; i++) prev.push(i);
        for (let i = bounds[l]; i < bounds[l + 1]; i++) {
          deps[i] = pick(prev, 1 + Math.floor(rand() * maxDeps), rand).sort((a, b) => a - b);
        }
      }
      break;
    }
    case 'fanout': {
      const stages = Math.max(1, opts.stages ?? 1);
      if (n < 1 + stages * 2) throw new Error(`fanout with ${stages} stage(s) needs at least ${1 + stages * 2} cards`);
      const perStage = Math.floor((n - 1) / stages) - 1;
      let hub = 0;
      let i = 1;
      for (let s = 0; s < stages; s++) {
        const w = s === stages - 1 ? n - i - 1 : perStage;
        const mids = [];
        for (let k = 0; k < w; k++, i++) {
          deps[i].push(hub);
          mids.push(i);
        }
        deps[i] = mids;
        hub = i++;
      }
      break;
    }
    case 'uneven': {
      const long = Math.max(2, Math.min(n, Math.round(n * (opts.longFraction ?? 0.25))));
      // Short independent cards first, the long branch last (highest ids): a runner that starts
      // ready cards by id or by file order starts the long branch late.
      for (let i = n - long + 1; i < n; i++) deps[i].push(i - 1);
      break;
    }
    case 'random': {
      const maxDeps = opts.maxDeps ?? 3;
      const windowSize = opts.window ?? Infinity;
      for (let i = 1; i < n; i++) {
        const k = Math.floor(rand() * (maxDeps + 1));
        const lo = Math.max(0, i - windowSize);
        const chosen = new Set();
        for (let t = 0; t < k; t++) chosen.add(lo + Math.floor(rand() * (i - lo)));
        deps[i] = [...chosen].sort((a, b) => a - b);
      }
      break;
    }
  }

  const cards = deps.map((d, i) => ({ id: idOf(i), deps: d.map(idOf), ms: drawMs(spec, durRand) }));
  return {
    name: name ?? `${shape}-${n}-${formatDurationSpec(spec)}-s${seed}`,
    shape,
    seed,
    duration: formatDurationSpec(spec),
    cards,
  };
}

/** Seconds for `sleep`, shortest exact form: 350 → "0.35", 1000 → "1". */
export function sleepArg(ms) {
  return String(ms / 1000);
}

export function commandOf(card) {
  return card.ms === 0 ? 'true' : `sleep ${sleepArg(card.ms)}`;
}

/** Plan numbers every runner is compared with (all in ms). */
export function analyse(dag, concurrency) {
  const index = new Map(dag.cards.map((c, i) => [c.id, i]));
  const n = dag.cards.length;
  const dependents = Array.from({ length: n }, () => []);
  const depIdx = dag.cards.map((c) => c.deps.map((d) => index.get(d)));
  depIdx.forEach((ds, i) => ds.forEach((d) => dependents[d].push(i)));

  // Levels (longest path in edges from a source) for the barrier schedule.
  const level = new Array(n).fill(0);
  for (let i = 0; i < n; i++) for (const d of depIdx[i]) level[i] = Math.max(level[i], level[d] + 1);
  const levels = [];
  for (let i = 0; i < n; i++) (levels[level[i]] ??= []).push(i);

  // Longest remaining path from each card, itself included (the critical-path priority).
  const rank = new Array(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let longest = 0;
    for (const d of dependents[i]) longest = Math.max(longest, rank[d]);
    rank[i] = dag.cards[i].ms + longest;
  }
  const criticalPath = rank.reduce((a, b) => Math.max(a, b), 0);
  const totalWork = dag.cards.reduce((a, c) => a + c.ms, 0);
  const ideal = Math.max(criticalPath, totalWork / concurrency);

  // List schedule, longest remaining path first (what a good runner can reach with zero overhead).
  const waiting = depIdx.map((ds) => new Set(ds).size);
  let ready = [];
  for (let i = 0; i < n; i++) if (!waiting[i]) ready.push(i);
  const running = []; // { i, end }
  let now = 0;
  while (ready.length || running.length) {
    ready.sort((a, b) => rank[b] - rank[a] || a - b);
    while (ready.length && running.length < concurrency) {
      const i = ready.shift();
      running.push({ i, end: now + dag.cards[i].ms });
    }
    running.sort((a, b) => a.end - b.end || a.i - b.i);
    const done = running.shift();
    now = done.end;
    for (const d of dependents[done.i]) if (--waiting[d] === 0) ready.push(d);
  }

  // The naive barrier schedule: each level runs as a batch (LPT inside it), then the next.
  let barrier = 0;
  for (const lv of levels) {
    const slots = new Array(Math.min(concurrency, lv.length)).fill(0);
    for (const i of [...lv].sort((a, b) => dag.cards[b].ms - dag.cards[a].ms)) {
      let k = 0;
      for (let s = 1; s < slots.length; s++) if (slots[s] < slots[k]) k = s;
      slots[k] += dag.cards[i].ms;
    }
    barrier += Math.max(...slots);
  }

  return {
    cards: n,
    edges: depIdx.reduce((a, d) => a + d.length, 0),
    levels: levels.map((lv) => lv.map((i) => dag.cards[i].id)),
    depth: levels.length,
    criticalPathMs: criticalPath,
    totalWorkMs: totalWork,
    idealMs: ideal,
    listScheduleMs: now,
    barrierPlanMs: barrier,
  };
}

function cardText(card) {
  const deps = card.deps.length ? `[${card.deps.join(', ')}]` : '[]';
  const command = card.ms === 0 ? '"true"' : `sleep ${sleepArg(card.ms)}`;
  const body = card.ms === 0 ? 'Do nothing (zero duration).' : `Sleep ${sleepArg(card.ms)} s.`;
  return `---\nid: ${card.id}\ndeps: ${deps}\ncommand: ${command}\nestimate: ${card.ms}ms\n---\n${body}\n`;
}

/**
 * The Makefile: one stamp target per card under .stamps/, recipe = the card's command, then a touch.
 * Built-in rules and suffixes are off (as `make -r` would), so make does no implicit-rule search.
 */
export function makefileText(dag) {
  const stamp = (id) => `.stamps/${id}`;
  const lines = [
    '# Generated by bench/generate-dag.mjs: the same DAG and commands as the task cards.',
    'MAKEFLAGS += --no-builtin-rules --no-builtin-variables',
    '.SUFFIXES:',
    '.PHONY: all',
    '',
  ];
  const all = dag.cards.map((c) => stamp(c.id));
  lines.push('all: \\');
  for (let i = 0; i < all.length; i += 8) {
    lines.push(`  ${all.slice(i, i + 8).join(' ')}${i + 8 < all.length ? ' \\' : ''}`);
  }
  lines.push('');
  for (const c of dag.cards) {
    lines.push(`${stamp(c.id)}:${c.deps.map((d) => ` ${stamp(d)}`).join('')}`);
    lines.push(`\t@${commandOf(c)}`);
    lines.push('\t@touch $@');
  }
  return `${lines.join('\n')}\n`;
}

/** Write the project folder: .orchestrator/{orchestrator.yaml,tasks/*.md}, Makefile, dag.json. */
export function writeProject(dir, dag, { concurrency = 4, goal } = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  const tasks = path.join(dir, '.orchestrator', 'tasks');
  fs.mkdirSync(tasks, { recursive: true });
  fs.writeFileSync(
    path.join(dir, '.orchestrator', 'orchestrator.yaml'),
    [
      `goal: ${JSON.stringify(goal ?? `benchmark DAG ${dag.name}`)}`,
      `concurrency: ${concurrency}`,
      'defaults: { agent: command, retries: 0 }',
      '',
    ].join('\n'),
  );
  for (const c of dag.cards) fs.writeFileSync(path.join(tasks, `${c.id}.md`), cardText(c));
  fs.writeFileSync(path.join(dir, 'Makefile'), makefileText(dag));
  fs.writeFileSync(path.join(dir, 'dag.json'), JSON.stringify({ ...dag, concurrency }));
  return dir;
}

export function readProjectDag(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'dag.json'), 'utf8'));
}

// ---------------------------------------------------------------- CLI
function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [k, inline] = a.slice(2).split('=', 2);
    out[k] = inline ?? argv[++i];
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const a = parseArgs(process.argv.slice(2));
    if (a.help !== undefined || !a.shape || !a.out) {
      console.log('usage: node bench/generate-dag.mjs --shape chain|layered|fanout|uneven|random --cards N\n' +
        '         [--duration zero|fixed:MS|uniform:MIN-MAX] [--seed S] [--concurrency N] --out DIR\n' +
        '         [--levels L] [--maxDeps K] [--stages S] [--longFraction F] [--window W]');
      process.exit(a.help !== undefined ? 0 : 2);
    }
    const num = (k) => (a[k] === undefined ? undefined : Number(a[k]));
    const opts = Object.fromEntries(['levels', 'maxDeps', 'stages', 'longFraction', 'window']
      .filter((k) => a[k] !== undefined).map((k) => [k, num(k)]));
    const concurrency = num('concurrency') ?? 4;
    const dag = generateDag({ shape: a.shape, cards: num('cards') ?? 100, duration: a.duration ?? 'fixed:100', seed: num('seed') ?? 1, ...opts });
    writeProject(path.resolve(a.out), dag, { concurrency });
    const p = analyse(dag, concurrency);
    console.log(`${dag.name}: ${p.cards} cards, ${p.edges} deps, ${p.depth} levels, critical path ${p.criticalPathMs} ms, ` +
      `work ${p.totalWorkMs} ms, ideal ${Math.round(p.idealMs)} ms at concurrency ${concurrency} → ${path.resolve(a.out)}`);
  } catch (error) {
    console.error(`generate-dag: ${error.message}`);
    process.exit(2);
  }
}
