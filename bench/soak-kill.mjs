#!/usr/bin/env node
// Crash soak: SIGKILL `orch run` at random moments, restart it each time, let the last run finish,
// then check the crash-safety guarantees:
//   - every card done;
//   - only cards in flight at a kill ran more than once (each card appends its id to runs.log when
//     it starts; in-flight cards are read from events.jsonl right after each kill);
//   - no orphaned agent processes (each command carries a unique marker, looked for in
//     /proc/*/cmdline and /proc/*/environ);
//   - no result lost (every done card has a non-empty results/<id>.md).
// Not part of CI: it takes about a minute.
//
//   node bench/soak-kill.mjs [--cards 200] [--kills 30] [--concurrency 4] [--seed 1] [--work DIR] [--orch dist/cli/main.js]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDag, rng, sleepArg, writeProject } from './generate-dag.mjs';
import { readEvents } from './measure.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

function parseArgs(argv) {
  const o = { cards: 200, kills: 30, concurrency: 4, seed: 1, minDelay: 50, maxDelay: 600, work: path.join(HERE, 'out', 'soak'), orch: path.join(ROOT, 'dist', 'cli', 'main.js') };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    if (k === 'help' || k === 'h') { o.help = true; continue; }
    if (!(k in o)) throw new Error(`unknown option ${argv[i]}`);
    const v = argv[++i];
    o[k] = typeof o[k] === 'number' ? Number(v) : path.resolve(v);
  }
  return o;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const shq = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The processes (other than this one) whose argv or environment carries the marker. */
function markedProcesses(marker) {
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let where = null;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`).includes(marker)) where = 'cmdline';
      else if (fs.readFileSync(`/proc/${entry}/environ`).includes(marker)) where = 'environ';
    } catch { continue; }
    if (!where) continue;
    let state = '?';
    let cmd = '';
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch { /* gone */ }
    if (state === 'Z') continue; // a zombie is dead, only not reaped yet
    found.push({ pid: Number(entry), state, where, cmd });
  }
  return found;
}

/** Cards whose last state in the event log is `running`. */
function inFlight(dir) {
  const last = new Map();
  for (const e of readEvents(dir).events) if (e.type === 'card') last.set(e.card, e.to);
  return [...last].filter(([, s]) => s === 'running').map(([id]) => id);
}

function startRunner(o, dir, marker) {
  const child = spawn(process.execPath, [o.orch, 'run', '--concurrency', String(o.concurrency)], {
    cwd: dir, detached: true, stdio: ['ignore', fs.openSync(path.join(dir, 'orch.out'), 'a'), fs.openSync(path.join(dir, 'orch.err'), 'a')],
    env: { ...process.env, NO_COLOR: '1', ORCH_SOAK_MARKER: marker },
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    console.log('usage: node bench/soak-kill.mjs [--cards 200] [--kills 30] [--concurrency 4] [--seed 1] [--minDelay 50] [--maxDelay 600] [--work DIR] [--orch CLI.js]');
    return 0;
  }
  if (!fs.existsSync(o.orch)) {
    console.error(`soak-kill: ${path.relative(ROOT, o.orch)} not found — run \`npm run build\` first`);
    return 2;
  }
  const marker = `orchsoak${process.pid}x${Date.now().toString(36)}`;
  const dir = o.work;
  const runsLog = path.join(dir, 'runs.log');
  const dag = generateDag({ shape: 'random', cards: o.cards, duration: 'uniform:100-500', seed: o.seed, maxDeps: 2, window: 40, name: 'soak' });
  writeProject(dir, dag, { concurrency: o.concurrency });
  // Rewrite each card's command: log the start, then sleep in a shell that carries the marker.
  for (const c of dag.cards) {
    const file = path.join(dir, '.orchestrator', 'tasks', `${c.id}.md`);
    const command = `echo ${c.id} >> ${shq(runsLog)} && sh -c 'sleep ${sleepArg(c.ms)}; echo "result of $1"' ${marker} ${c.id}`;
    const text = fs.readFileSync(file, 'utf8').replace(/^command: .*$/m, `command: ${JSON.stringify(command)}`);
    fs.writeFileSync(file, text);
  }
  fs.writeFileSync(runsLog, '');

  const rand = rng(`soak:${o.seed}`);
  const allowed = new Map(); // id → extra runs explained by a kill while it was running
  let kills = 0;
  let finishedEarly = false;
  const t0 = performance.now();
  for (let i = 0; i < o.kills; i++) {
    const { child, exited } = startRunner(o, dir, marker);
    const delay = o.minDelay + rand() * (o.maxDelay - o.minDelay);
    const winner = await Promise.race([exited.then(() => 'exited'), sleep(delay).then(() => 'timer')]);
    if (winner === 'exited') {
      const r = await exited;
      if (r.code === 0) {
        finishedEarly = true;
        console.error(`run finished on its own after ${kills} kills`);
        break;
      }
      console.error(`runner exited ${r.code ?? r.signal} before kill ${i + 1} (see ${path.join(dir, 'orch.err')})`);
      continue;
    }
    process.kill(child.pid, 'SIGKILL');
    await exited;
    kills++;
    const flying = inFlight(dir);
    for (const id of flying) allowed.set(id, (allowed.get(id) ?? 0) + 1);
    process.stderr.write(`kill ${kills} after ${Math.round(delay)} ms: ${flying.length} card(s) in flight\n`);
  }

  let final = { code: 0 };
  if (!finishedEarly) {
    const { child, exited } = startRunner(o, dir, marker);
    const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ } }, 300_000);
    final = await exited;
    clearTimeout(timer);
  }
  await sleep(300);
  const seconds = (performance.now() - t0) / 1000;

  // What happened.
  const last = new Map();
  for (const e of readEvents(dir).events) if (e.type === 'card') last.set(e.card, e.to);
  const done = dag.cards.filter((c) => last.get(c.id) === 'done').map((c) => c.id);
  const runs = new Map();
  for (const id of fs.readFileSync(runsLog, 'utf8').split('\n').filter(Boolean)) runs.set(id, (runs.get(id) ?? 0) + 1);
  const twice = [...runs].filter(([, n]) => n > 1).map(([id, n]) => ({ id, runs: n, inFlightAtKills: allowed.get(id) ?? 0 }));
  const unexplained = twice.filter((t) => t.runs - 1 > t.inFlightAtKills);
  const neverRan = dag.cards.filter((c) => !runs.has(c.id)).map((c) => c.id);
  const lost = done.filter((id) => {
    try {
      return fs.statSync(path.join(dir, '.orchestrator', 'results', `${id}.md`)).size === 0;
    } catch {
      return true;
    }
  });
  const orphans = markedProcesses(marker);

  const report = {
    cards: dag.cards.length, kills, finalExit: final.code ?? final.signal, seconds,
    done: done.length, ranTwice: twice.length, ranTwiceNotInFlight: unexplained, neverRan: neverRan.length,
    orphans, lostResults: lost,
  };
  fs.mkdirSync(path.join(HERE, 'out'), { recursive: true });
  fs.writeFileSync(path.join(HERE, 'out', 'soak-kill.json'), `${JSON.stringify({ ...report, twice }, null, 2)}\n`);

  const ok = done.length === dag.cards.length && unexplained.length === 0 && orphans.length === 0 && lost.length === 0;
  console.log(`soak-kill: ${dag.cards.length} cards, ${kills} SIGKILLs of the runner, final run exit ${report.finalExit}, ${seconds.toFixed(1)} s`);
  console.log(`  cards done:               ${done.length}/${dag.cards.length}   (goal: all)`);
  console.log(`  cards run twice or more:  ${twice.length}   of which not in flight at a kill: ${unexplained.length}   (goal: 0)${unexplained.length ? `  ${unexplained.slice(0, 10).map((t) => `${t.id}×${t.runs}`).join(' ')}` : ''}`);
  console.log(`  orphaned processes:       ${orphans.length}   (goal: 0)${orphans.length ? `  ${orphans.slice(0, 5).map((p) => `${p.pid} ${p.cmd}`).join('; ')}` : ''}`);
  console.log(`  results lost:             ${lost.length}   (goal: 0)${lost.length ? `  ${lost.slice(0, 10).join(' ')}` : ''}`);
  console.log(`  ${ok ? 'OK' : 'NOT OK'} — details in bench/out/soak-kill.json, project in ${path.relative(process.cwd(), dir) || dir}`);
  // Leave nothing of ours running.
  for (const p of orphans) {
    try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
  }
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(`soak-kill: ${error.stack ?? error.message}`);
  process.exit(2);
});
