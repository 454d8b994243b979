// Measuring helpers: timed child processes (wall time, peak RSS), events.jsonl analysis, statistics.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const TIME_BIN = '/usr/bin/time';
export const HAS_TIME_BIN = (() => {
  try {
    fs.accessSync(TIME_BIN, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
})();

/** Epoch milliseconds with sub-ms precision. */
export function nowEpoch() {
  return performance.timeOrigin + performance.now();
}

/**
 * Spawn `cmd args` (in its own process group), wait for it to exit, and return
 *   { wallMs, startEpoch, code, signal, stderr (tail), maxRssKb, memoryMethod, timedOut }.
 * wallMs runs from just before spawn() to the 'exit' event.
 * memory: 'time' runs the command under `/usr/bin/time -f %M` (peak RSS of the process and the
 * children it waited for: for the runner, its own peak); 'poll' samples /proc/<pid>/status VmRSS
 * every 20 ms and keeps the max; false measures nothing.
 */
export function timedRun(cmd, args, { cwd, env, stdoutFile, memory = false, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve) => {
    let file = cmd;
    let argv = args;
    let timeOut;
    const method = memory === 'time' && !HAS_TIME_BIN ? 'poll' : memory;
    if (method === 'time') {
      timeOut = path.join(cwd ?? process.cwd(), `.bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
      file = TIME_BIN;
      argv = ['-f', '%M', '-o', timeOut, cmd, ...args];
    }
    const outFd = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'ignore';
    const startEpoch = nowEpoch();
    const t0 = performance.now();
    const child = spawn(file, argv, { cwd, env: env ?? process.env, stdio: ['ignore', outFd, 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 64_000) stderr = stderr.slice(-32_000);
    });
    let maxRssKb = 0;
    let poller;
    if (method === 'poll' && child.pid) {
      const statusFile = `/proc/${child.pid}/status`;
      const sample = () => {
        try {
          const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(statusFile, 'utf8'));
          if (m) maxRssKb = Math.max(maxRssKb, Number(m[1]));
        } catch { /* gone */ }
      };
      sample();
      poller = setInterval(sample, 20);
    }
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutMs);
    let exitedAt;
    child.on('exit', () => { exitedAt ??= performance.now(); });
    let finished = false;
    const finish = (code, signal, spawnError) => {
      if (finished) return;
      finished = true;
      const wallMs = (exitedAt ?? performance.now()) - t0;
      clearTimeout(killer);
      if (poller) clearInterval(poller);
      if (typeof outFd === 'number') fs.closeSync(outFd);
      let memoryMethod = method || null;
      if (method === 'time') {
        try {
          const text = fs.readFileSync(timeOut, 'utf8').trim();
          const last = text.split('\n').pop();
          if (/^\d+$/.test(last)) maxRssKb = Number(last);
          // `time` writes "Command exited with non-zero status N" first when it does.
          fs.rmSync(timeOut, { force: true });
        } catch { memoryMethod = null; }
      }
      // Under /usr/bin/time the child's own exit code is passed through as time's exit code.
      resolve({
        wallMs, startEpoch, code, signal, stderr: stderr.slice(-4000), timedOut, spawnError,
        maxRssKb: memoryMethod ? maxRssKb : null, memoryMethod,
      });
    };
    child.on('error', (e) => finish(null, null, e.message));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** Read .orchestrator/events.jsonl (skipping a torn last line). */
export function readEvents(projectDir) {
  const file = path.join(projectDir, '.orchestrator', 'events.jsonl');
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { events: [], bytes: 0 };
  }
  const events = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line));
    } catch { /* torn line */ }
  }
  return { events, bytes: Buffer.byteLength(text) };
}

/**
 * From one run's events (file order):
 * - runStartedMs / firstAgentMs: spawn of `orch run` → its `run-started` event / first `running` event;
 * - lastDoneEpoch: the last `done` event's time (the runner's exit after it is its wind-down);
 * - depStart: for each card with deps, its first `running` time minus the latest `done` time of
 *   its deps (the plain definition: includes waiting for a slot when all slots are busy);
 * - dispatch: for each card with deps, its `running` time minus the later of (its last dep done,
 *   a slot becoming free) — the slot is the earliest one freed (a card leaving `running`) and not
 *   yet taken. This is the scheduler's reaction time: 0 when it starts work the moment it can;
 * - dispatchToSpawn: the same, measured to the card's `spawned` event (its process has started):
 *   the dependent start a user sees, short of the time between a dep's exit and its `done`;
 * - spawn: `spawned` event − `running` event (process start, when the runner logs `spawned`);
 * - attemptOverhead: `done` − `running` − the card's duration: what a card costs beyond its own
 *   command's sleep (spawning the shell, waiting, writing the result and log, logging events).
 */
export function analyseEvents(events, dag, { spawnEpoch, concurrency }) {
  const cards = new Map(dag.cards.map((c) => [c.id, c]));
  const dependents = new Map(dag.cards.map((c) => [c.id, []]));
  for (const c of dag.cards) for (const d of new Set(c.deps)) dependents.get(d)?.push(c.id);
  const waiting = new Map(dag.cards.map((c) => [c.id, new Set(c.deps).size]));

  let runStarted;
  let firstRunning;
  const startedAt = new Map();
  const doneAt = new Map();
  const readyAt = new Map(); // cards with deps: when the last dep was done
  const freeSlots = []; // times slots were freed, not yet taken (sorted: events come in time order)
  let slotsInitialised = false;
  const depStart = [];
  const dispatch = [];
  const spawn = [];
  const dispatchToSpawn = [];
  const dispatchBase = new Map();
  const overhead = [];
  const runningSince = new Map();

  for (const e of events) {
    if (e.type === 'run-started' && runStarted === undefined) runStarted = e.t;
    if (!slotsInitialised && (e.type === 'run-started' || e.type === 'card')) {
      for (let i = 0; i < concurrency; i++) freeSlots.push(e.t);
      slotsInitialised = true;
    }
    if (e.type === 'spawned' && runningSince.has(e.card)) {
      spawn.push(e.t - runningSince.get(e.card));
      if (dispatchBase.has(e.card)) dispatchToSpawn.push(e.t - dispatchBase.get(e.card));
      dispatchBase.delete(e.card);
    }
    if (e.type !== 'card' || !cards.has(e.card)) continue;
    if (e.to === 'running') {
      if (firstRunning === undefined) firstRunning = e.t;
      const slot = freeSlots.length ? freeSlots.shift() : e.t;
      if (!startedAt.has(e.card)) {
        startedAt.set(e.card, e.t);
        const ready = readyAt.get(e.card);
        if (ready !== undefined) {
          depStart.push(e.t - ready);
          dispatch.push(e.t - Math.max(ready, slot));
          dispatchBase.set(e.card, Math.max(ready, slot));
        }
      }
      runningSince.set(e.card, e.t);
    } else if (e.from === 'running') {
      freeSlots.push(e.t);
      const since = runningSince.get(e.card);
      runningSince.delete(e.card);
      if (e.to === 'done' && since !== undefined) overhead.push(e.t - since - cards.get(e.card).ms);
    }
    if (e.to === 'done' && !doneAt.has(e.card)) {
      doneAt.set(e.card, e.t);
      for (const d of dependents.get(e.card) ?? []) {
        const left = waiting.get(d) - 1;
        waiting.set(d, left);
        if (left === 0) readyAt.set(d, e.t);
      }
    }
  }

  const q = (xs) => ({ n: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99), max: xs.length ? Math.max(...xs) : null });
  return {
    done: doneAt.size,
    lastDoneEpoch: doneAt.size ? Math.max(...doneAt.values()) : null,
    runStartedMs: runStarted !== undefined && spawnEpoch ? runStarted - spawnEpoch : null,
    firstAgentMs: firstRunning !== undefined && spawnEpoch ? firstRunning - spawnEpoch : null,
    depStart: q(depStart),
    dispatch: q(dispatch),
    dispatchToSpawn: q(dispatchToSpawn),
    spawn: q(spawn),
    attemptOverhead: q(overhead),
  };
}

export function percentile(values, p) {
  if (!values.length) return null;
  const xs = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * xs.length) - 1;
  return xs[Math.min(xs.length - 1, Math.max(0, rank))];
}

export function median(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}

/** { median, min, max, n, values } of the finite numbers in `values`; null when there are none. */
export function summarize(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (!xs.length) return null;
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length, values: xs };
}

/** Remove everything the runner wrote under .orchestrator/ (keep orchestrator.yaml and tasks/). */
export function cleanRunState(projectDir) {
  const dir = path.join(projectDir, '.orchestrator');
  for (const entry of fs.readdirSync(dir)) {
    if (entry === 'orchestrator.yaml' || entry === 'tasks') continue;
    fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

export function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}
