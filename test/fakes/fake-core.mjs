// Behaviour shared by the fake agent CLIs: prompt markers, per-card state, the invocation log.
// Only node: built-ins, so a fake starts in a few tens of milliseconds.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const card = process.env.ORCH_TASK_ID || 'unknown';
export const attempt = Number(process.env.ORCH_ATTEMPT || 1);
const stateDir = process.env.FAKE_STATE || '';
let endLogged = true;

function stateFile(name) {
  return stateDir ? path.join(stateDir, name) : '';
}

/** Log the start (and, on a normal exit, the end) of this invocation and keep its argv. */
export function begin(argv) {
  if (!stateDir) return;
  fs.mkdirSync(stateDir, { recursive: true });
  fs.appendFileSync(stateFile('invocations.log'), `${card} ${attempt} ${process.pid} start ${Date.now()}\n`);
  fs.writeFileSync(stateFile(`${card}.argv.json`), JSON.stringify(argv));
  fs.writeFileSync(stateFile(`${card}.cwd`), process.cwd());
  endLogged = false;
  process.on('exit', () => {
    if (!endLogged) fs.appendFileSync(stateFile('invocations.log'), `${card} ${attempt} ${process.pid} end ${Date.now()}\n`);
    endLogged = true;
  });
}

/** Exit because of a signal (as the real CLI does): not a normal end, so no `end` line. */
export function exitBySignal(code) {
  endLogged = true;
  process.exit(code);
}

/** How many times this card's fake has been invoked, this one included (1 without FAKE_STATE). */
function invocationNumber() {
  if (!stateDir) return 1;
  const file = stateFile(`${card}.count`);
  let n = 0;
  try { n = Number(fs.readFileSync(file, 'utf8')) || 0; } catch { /* first call */ }
  fs.writeFileSync(file, String(n + 1));
  return n + 1;
}

/** All of stdin, or '' when it is a terminal or closed. */
export function readStdin() {
  if (process.stdin.isTTY) return '';
  // Read to EOF like the real CLIs' async stdin: a non-blocking pipe answers EAGAIN until the
  // writer has closed it, which is not the end of the input.
  const chunks = [];
  const buffer = Buffer.alloc(65536);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n;
    try {
      n = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      if (error.code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 2); continue; }
      if (error.code === 'EOF') break;
      return Buffer.concat(chunks).toString('utf8');
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

const unescape = (text) => text.replace(/\\(n|t|\\)/g, (_, c) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));

/** The `@fake …` marker lines of a prompt, as a plan. */
export function readMarkers(prompt) {
  const plan = { sleepMs: 0, fail: 0, rateLimit: 0, usageLimit: 0, hang: false, ignoreTerm: false, grandchild: false,
    writes: [], exit: undefined, output: [], deny: false, auth: false, interrupted: false, turns: 1, cost: undefined };
  for (const line of prompt.split('\n')) {
    const m = /^@fake\s+(\S+)\s*(.*)$/.exec(line.trimEnd());
    if (!m) continue;
    const [, verb, rest] = m;
    const n = Number(rest.split(/\s+/)[0]);
    if (verb === 'sleep') plan.sleepMs = n;
    else if (verb === 'fail') plan.fail = n;
    else if (verb === 'rate-limit') plan.rateLimit = n;
    else if (verb === 'usage-limit') plan.usageLimit = n;
    else if (verb === 'hang') plan.hang = true;
    else if (verb === 'ignore-term') plan.ignoreTerm = true;
    else if (verb === 'grandchild') plan.grandchild = true;
    else if (verb === 'exit') plan.exit = n;
    else if (verb === 'output') plan.output.push(rest);
    else if (verb === 'deny') plan.deny = true;
    else if (verb === 'auth') plan.auth = true;
    else if (verb === 'interrupted') plan.interrupted = true;
    else if (verb === 'turns') plan.turns = n;
    else if (verb === 'cost') plan.cost = n;
    else if (verb === 'write') {
      const [file, ...text] = rest.split(' ');
      plan.writes.push([file, unescape(text.join(' '))]);
    }
  }
  return plan;
}

/**
 * What this invocation does: 'ok', 'fail', 'rate-limit', 'usage-limit', 'auth' or 'interrupted'.
 * fail/rate-limit count invocations per card; usage-limit holds until its reset time has passed.
 */
export function outcome(plan) {
  const n = invocationNumber();
  if (plan.auth) return 'auth';
  if (plan.interrupted) return 'interrupted';
  if (n <= plan.rateLimit) return 'rate-limit';
  if (n <= plan.fail) return 'fail';
  if (plan.usageLimit && Date.now() < plan.usageLimit * 1000) return 'usage-limit';
  return 'ok';
}

/** The card's result text: the `@fake output` lines, or `done <card> attempt <n>`. */
export function resultText(plan) {
  return plan.output.length ? plan.output.join('\n') : `done ${card} attempt ${attempt}`;
}

/** Side effects before answering: SIGTERM handling, the grandchild, then hang or sleep. */
export async function prelude(plan, { onTerm, onProgress } = {}) {
  if (plan.ignoreTerm) process.on('SIGTERM', () => {});
  else if (onTerm) process.on('SIGTERM', onTerm);
  if (plan.grandchild) {
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    child.unref();
    if (stateDir) fs.appendFileSync(stateFile(`${card}.grandchild.pids`), `${child.pid}\n`);
  }
  if (plan.hang) {
    setInterval(() => {}, 1 << 30);
    await new Promise(() => {});
  }
  onProgress?.();
  if (plan.sleepMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.sleepMs));
}

/** Carry out the `@fake write` lines (paths relative to the cwd). */
export function writeFiles(plan) {
  for (const [file, text] of plan.writes) {
    const target = path.resolve(file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `${text}\n`);
  }
}
