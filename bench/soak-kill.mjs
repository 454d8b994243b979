#!/usr/bin/env node
// Crash soak: SIGKILL `orch run` at random moments, restart it each time, let the last run finish,
// then check the crash-safety guarantees:
//   - every card done;
//   - a card ran more than once only after attempts a kill interrupted (each card appends its id to
//     runs.log when it starts; interrupted attempts are read from events.jsonl), and no card started
//     again once done;
//   - no orphaned agent processes (each command carries a unique marker, looked for in
//     /proc/*/cmdline and /proc/*/environ);
//   - no result lost (every done card has a non-empty results/<id>.md).
// Most kills land 0–1000 ms after the runner logs `run-started`, one in five during its start-up.
// Not part of CI: it takes about 40 s.
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
  const o = { cards: 200, kills: 30, concurrency: 4, seed: 1, minDelay: 0, maxDelay: 1000, work: path.join(HERE, 'out', 'soak'), orch: path.join(ROOT, 'dist', 'cli', 'main.js') };
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

function doneCount(dir) {
  const last = new Map();
  for (const e of readEvents(dir).events) if (e.type === 'card') last.set(e.card, e.to);
  return [...last.values()].filter((s) => s === 'done').length;
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
    console.log('usage: node bench/soak-kill.mjs [--cards 200] [--kills 30] [--concurrency 4] [--seed 1] [--minDelay 0] [--maxDelay 1000] [--work DIR] [--orch CLI.js]');
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
  const eventsFile = path.join(dir, '.orchestrator', 'events.jsonl');
  const runsStarted = () => readEvents(dir).events.filter((e) => e.type === 'run-started').length;
  let kills = 0;
  let startupKills = 0;
  let finishedEarly = false;
  const t0 = performance.now();
  for (let i = 0; i < o.kills; i++) {
    const before = runsStarted();
    const { child, exited } = startRunner(o, dir, marker);
    let state = 'running';
    exited.then(() => { state = 'exited'; });
    // Most kills land while cards run: a random delay after the runner logs `run-started`. One in
    // five lands during start-up instead (before `run-started`, while it recovers the last crash).
    const duringStartup = rand() < 0.2;
    let delay;
    if (duringStartup) {
      delay = rand() * 300;
      await sleep(delay);
    } else {
      const deadline = performance.now() + 15_000;
      while (state === 'running' && performance.now() < deadline && (!fs.existsSync(eventsFile) || runsStarted() === before)) await sleep(10);
      delay = o.minDelay + rand() * (o.maxDelay - o.minDelay);
      await sleep(delay);
    }
    if (state === 'exited') {
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
    if (duringStartup) startupKills++;
    process.stderr.write(`kill ${kills} ${duringStartup ? `${Math.round(delay)} ms after spawn (start-up)` : `${Math.round(delay)} ms after run-started`}: ` +
      `${inFlight(dir).length} card(s) in flight, ${doneCount(dir)} done\n`);
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

  // What happened. A card may run again only after an attempt that a kill interrupted: one that left
  // `running` for anything but `done` (the restarted runner marks it cancelled) or never left it.
  // Every process start appended the card's id to runs.log, so the runs there must not exceed
  // 1 + interrupted attempts, and no card may start again after it was done.
  const events = readEvents(dir).events.filter((e) => e.type === 'card');
  const last = new Map();
  const attemptOpen = new Map(); // card → an attempt is running (its `running` seen, no end yet)
  const interrupted = new Map();
  const startedAfterDone = new Set();
  const doneSeen = new Set();
  const bump = (m, id) => m.set(id, (m.get(id) ?? 0) + 1);
  for (const e of events) {
    last.set(e.card, e.to);
    if (e.to === 'running') {
      if (attemptOpen.get(e.card)) bump(interrupted, e.card); // the previous attempt never ended
      attemptOpen.set(e.card, true);
      if (doneSeen.has(e.card)) startedAfterDone.add(e.card);
    } else if (e.from === 'running') {
      attemptOpen.set(e.card, false);
      if (e.to !== 'done') bump(interrupted, e.card); // cancelled by the crash, found on restart
    }
    if (e.to === 'done') doneSeen.add(e.card);
  }
  const done = dag.cards.filter((c) => last.get(c.id) === 'done').map((c) => c.id);
  const runs = new Map();
  for (const id of fs.readFileSync(runsLog, 'utf8').split('\n').filter(Boolean)) runs.set(id, (runs.get(id) ?? 0) + 1);
  const twice = [...runs].filter(([, n]) => n > 1).map(([id, n]) => ({ id, runs: n, interruptedAttempts: interrupted.get(id) ?? 0 }));
  const unexplained = twice.filter((t) => t.runs > 1 + t.interruptedAttempts);
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
    cards: dag.cards.length, kills, startupKills, runnersStarted: runsStarted(), finalExit: final.code ?? final.signal, seconds,
    done: done.length, ranTwice: twice.length, ranTwiceNotInFlight: unexplained, startedAfterDone: [...startedAfterDone], neverRan: neverRan.length,
    orphans, lostResults: lost,
  };
  fs.mkdirSync(path.join(HERE, 'out'), { recursive: true });
  fs.writeFileSync(path.join(HERE, 'out', 'soak-kill.json'), `${JSON.stringify({ ...report, twice }, null, 2)}\n`);

  const ok = done.length === dag.cards.length && unexplained.length === 0 && startedAfterDone.size === 0 && orphans.length === 0 && lost.length === 0;
  console.log(`soak-kill: ${dag.cards.length} cards, ${kills} SIGKILLs of the runner (${startupKills} during start-up), final run exit ${report.finalExit}, ${seconds.toFixed(1)} s`);
  console.log(`  cards done:               ${done.length}/${dag.cards.length}   (goal: all)`);
  console.log(`  cards run twice or more:  ${twice.length}   beyond their interrupted attempts: ${unexplained.length}   (goal: 0)${unexplained.length ? `  ${unexplained.slice(0, 10).map((t) => `${t.id}×${t.runs}`).join(' ')}` : ''}`);
  console.log(`  done cards started again: ${startedAfterDone.size}   (goal: 0)${startedAfterDone.size ? `  ${[...startedAfterDone].slice(0, 10).join(' ')}` : ''}`);
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
