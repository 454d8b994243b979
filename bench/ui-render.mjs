// How fast `orch ui` draws a big DAG and how it answers meanwhile. Run by hand, after `npm run build`:
//   node bench/ui-render.mjs [--cards 1000] [--levels 10] [--reps 3] [--cli dist/cli/main.js] [--keep]
// (--cli: another build's CLI, to compare two builds in the same session)
// Makes a temp project (`orch init`, then cards in tasks/: `levels` stages, each card on 1-3 cards of
// the stage before), starts the built `orch ui`, opens it in headless Chromium (playwright-core) and
// prints: navigation → every [data-card-id] in the page and the frame after it, the main thread's
// longest block while loading, a click on a node → [data-panel="card"] (and its details), then, with
// `orch run` going, a card's event → its new data-status in the page.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = process.argv.includes('--cli') ? path.resolve(process.argv[process.argv.indexOf('--cli') + 1]) : path.join(REPO, 'dist', 'cli', 'main.js');
const FAKE = path.join(REPO, 'test', 'fakes', 'fake-agent');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CARDS = arg('cards', 1000);
const LEVELS = arg('levels', 10);
const REPS = arg('reps', 3);

/** A seeded generator, so every run of the bench draws the same DAG. */
function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function makeProject() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-ui-bench-'));
  const init = spawnSync(process.execPath, [CLI, 'init'], { cwd: root, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`orch init: ${init.stderr}`);
  const tasks = path.join(root, '.orchestrator', 'tasks');
  for (const f of fs.readdirSync(tasks)) fs.rmSync(path.join(tasks, f));
  fs.writeFileSync(path.join(root, '.orchestrator', 'orchestrator.yaml'),
    `concurrency: 4\ndefaults: { agent: fake, retries: 0, timeout: 20s }\nagents:\n  fake: { use: command, command: ["${FAKE}"] }\n`);
  const rnd = random(42);
  const perLevel = Math.ceil(CARDS / LEVELS);
  const id = (i) => `T${String(i).padStart(4, '0')}`;
  for (let i = 0; i < CARDS; i++) {
    const level = Math.floor(i / perLevel);
    const deps = new Set();
    if (level > 0) {
      const n = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < n; k++) deps.add(id((level - 1) * perLevel + Math.floor(rnd() * perLevel)));
    }
    fs.writeFileSync(path.join(tasks, `${id(i)}.md`), `---\nid: ${id(i)}\ntitle: Step ${i} of stage ${level}\ndeps: [${[...deps].join(', ')}]\n---\nDo step ${i}.\n`);
  }
  return root;
}

function start(root, args) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  child.output = () => out;
  return child;
}

async function startUi(root) {
  const child = start(root, ['ui']);
  const deadline = Date.now() + 30_000;
  let m;
  while (!(m = /orch ui: (http:\/\/\S+)/.exec(child.output()))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`orch ui did not start: ${child.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, url: m[1] };
}

const stop = (child) => new Promise((resolve) => {
  if (child.exitCode !== null) return resolve();
  child.once('exit', resolve);
  child.kill('SIGINT');
});

/** Installed before the page's own script: when every card is in the page, and the long tasks. */
function probe(cards) {
  const w = window;
  w.bench = { longTasks: [] };
  // when the page got its latest live message: its listener goes first, before the page's own
  const Source = w.EventSource;
  w.EventSource = class extends Source {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { w.bench.messageAt = performance.now(); });
    }
  };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) w.bench.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  const watch = new MutationObserver(() => {
    if (w.bench.allAt !== undefined || document.querySelectorAll('.dag [data-card-id]').length < cards) return;
    w.bench.allAt = performance.now();
    watch.disconnect();
    requestAnimationFrame(() => setTimeout(() => { w.bench.frameAt = performance.now(); }, 0));
  });
  document.addEventListener('DOMContentLoaded', () => watch.observe(document.body, { subtree: true, childList: true }));
}

/** A click on a node, timed in the page: until the panel is there, then until its details came. */
async function clickNode(id) {
  document.querySelector('[data-panel="card"] button.close')?.click();
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return new Promise((resolve) => {
    const started = performance.now();
    const out = {};
    const check = () => {
      const panel = document.querySelector(`[data-panel="card"][data-card-id="${id}"]`);
      if (panel && out.panelMs === undefined) out.panelMs = performance.now() - started;
      if (panel && panel.querySelector('dl.settings')?.textContent?.includes(id)) {
        out.detailMs = performance.now() - started;
        watch.disconnect();
        resolve(out);
      }
    };
    const watch = new MutationObserver(check);
    watch.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    document.querySelector(`.dag [data-card-id="${id}"]`).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    check();
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => (x === undefined ? '-' : `${Math.round(x)} ms`);

async function loadOnce(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(probe, CARDS);
  await page.goto(url);
  await page.waitForFunction(() => window.bench.frameAt !== undefined, undefined, { timeout: 120_000, polling: 200 });
  const figures = await page.evaluate(() => ({
    allAt: window.bench.allAt, frameAt: window.bench.frameAt,
    longest: Math.max(0, ...window.bench.longTasks), blocking: window.bench.longTasks.reduce((s, d) => s + Math.max(0, d - 50), 0),
    layoutMs: window.orchLayoutMs, snapshotAt: window.orchSnapshotAt, laidAt: window.orchLaidAt,
  }));
  const clicks = [];
  for (const id of ['T0000', `T${String(Math.floor(CARDS / 2)).padStart(4, '0')}`, `T${String(CARDS - 1).padStart(4, '0')}`]) clicks.push(await page.evaluate(clickNode, id));
  return { page, figures, clicks };
}

/** With `orch run` going: each card event's time → when the page showed that status. */
async function liveUpdates(root, page, count) {
  await page.evaluate(() => {
    window.seen = [];
    new MutationObserver((records) => {
      const now = Date.now();
      const sinceMessage = performance.now() - window.bench.messageAt;
      for (const r of records) if (r.target.closest?.('.dag')) window.seen.push([r.target.getAttribute('data-card-id'), r.target.getAttribute('data-status'), now, sinceMessage]);
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
  });
  const run = start(root, ['run']);
  const events = () => fs.readFileSync(path.join(root, '.orchestrator', 'events.jsonl'), 'utf8').trim().split('\n').flatMap((l) => { try { return [JSON.parse(l)]; } catch { return []; } });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (fs.existsSync(path.join(root, '.orchestrator', 'events.jsonl')) && events().filter((e) => e.type === 'card' && e.to === 'done').length >= count) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const clicksDuringRun = [];
  for (const id of ['T0001', 'T0002']) clicksDuringRun.push(await page.evaluate(clickNode, id));
  await new Promise((r) => setTimeout(r, 500));
  await stop(run);
  const seen = await page.evaluate(() => window.seen);
  const first = new Map();
  for (const [id, status, at] of seen) if (!first.has(`${id}>${status}`)) first.set(`${id}>${status}`, at);
  const inPage = seen.map((s) => s[3]);
  const lags = events().filter((e) => e.type === 'card' && (e.to === 'running' || e.to === 'done')).flatMap((e) => {
    const at = first.get(`${e.card}>${e.to}`);
    return at === undefined ? [] : [at - e.t];
  });
  return { lags, inPage, clicksDuringRun };
}

const root = makeProject();
const ui = await startUi(root);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  console.log(`${CARDS} cards in ${LEVELS} stages; ${REPS} loads; ${path.relative(process.cwd(), CLI)}; load average ${os.loadavg()[0].toFixed(1)}`);
  let last;
  const rows = [];
  for (let r = 0; r < REPS; r++) {
    if (last) await last.page.close();
    last = await loadOnce(browser, ui.url);
    rows.push(last);
    const f = last.figures;
    console.log(`load ${r + 1}: snapshot ${ms(f.snapshotAt)}, all nodes ${ms(f.allAt)}, next frame ${ms(f.frameAt)}, layout ${ms(f.layoutMs)} (in the page at ${ms(f.laidAt)}), longest block ${ms(f.longest)}, blocking ${ms(f.blocking)}; click→panel ${last.clicks.map((c) => ms(c.panelMs)).join(' / ')}, →details ${last.clicks.map((c) => ms(c.detailMs)).join(' / ')}`);
  }
  const pick = (fn) => median(rows.map(fn));
  console.log(`median: all nodes ${ms(pick((x) => x.figures.allAt))}, next frame ${ms(pick((x) => x.figures.frameAt))}, longest block ${ms(pick((x) => x.figures.longest))}, click→panel ${ms(median(rows.flatMap((x) => x.clicks.map((c) => c.panelMs))))}`);
  const live = await liveUpdates(root, last.page, 30);
  console.log(`live: ${live.lags.length} status changes, event → page median ${ms(median(live.lags))}, max ${ms(Math.max(...live.lags))} (message → page median ${ms(median(live.inPage))}, max ${ms(Math.max(...live.inPage))}); click→panel during the run ${live.clicksDuringRun.map((c) => ms(c.panelMs)).join(' / ')}`);
} finally {
  await browser.close();
  await stop(ui.child);
  if (!process.argv.includes('--keep')) fs.rmSync(root, { recursive: true, force: true });
  else console.log(`project kept: ${root}`);
}
