import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(REPO, 'dist', 'cli', 'main.js');
export const FAKES = path.join(REPO, 'test', 'fakes');

export interface TempProject {
  root: string;
  state: string;
  env: NodeJS.ProcessEnv;
  file(rel: string): string;
  read(rel: string): string;
  exists(rel: string): boolean;
  write(rel: string, text: string): void;
  card(id: string, front: string, body?: string): void;
  orch(args: string[], options?: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): { code: number; stdout: string; stderr: string };
  start(args: string[]): ChildProcess & { output: () => string };
  /** Like orch(), without blocking this process (for tests that serve HTTP themselves). */
  orchAsync(args: string[]): Promise<{ code: number; output: string }>;
  invocations(): Array<{ card: string; attempt: number; pid: number; what: 'start' | 'end' }>;
  events(): Array<Record<string, unknown>>;
}

/** A temp folder with .orchestrator/ whose `fake` agent is test/fakes/fake-agent. */
export function tempProject(config = ''): TempProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-e2e-'));
  const state = path.join(root, '.fake-state');
  fs.mkdirSync(state);
  fs.mkdirSync(path.join(root, '.orchestrator', 'tasks'), { recursive: true });
  const yaml = config || 'concurrency: 4\ndefaults: { agent: fake, retries: 0, timeout: 20s }\nbackoff: { initial: 10ms, factor: 2, max: 50ms }\n';
  const fake = `  fake: { use: command, command: ["${path.join(FAKES, 'fake-agent')}"] }\n`;
  // a config with its own agents: block (last) gets the fake agent added to it
  fs.writeFileSync(path.join(root, '.orchestrator', 'orchestrator.yaml'), /^agents:/m.test(yaml) ? `${yaml}${fake}` : `${yaml}agents:\n${fake}`);
  const env = { ...process.env, FAKE_STATE: state, ORCH_KILL_GRACE_MS: '1000', CI: '1' };
  const p: TempProject = {
    root, state, env,
    file: (rel) => path.join(root, rel),
    read: (rel) => fs.readFileSync(path.join(root, rel), 'utf8'),
    exists: (rel) => fs.existsSync(path.join(root, rel)),
    write: (rel, text) => { fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true }); fs.writeFileSync(path.join(root, rel), text); },
    card: (id, front, body = `Do ${id}.`) => p.write(`.orchestrator/tasks/${id}.md`, `---\nid: ${id}\n${front}${front && !front.endsWith('\n') ? '\n' : ''}---\n${body}\n`),
    orch: (args, options = {}) => {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd: root, env: { ...env, ...options.env }, input: options.input ?? '', encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 });
      return { code: r.status ?? (r.signal === 'SIGKILL' ? 137 : r.signal ? 128 : -1), stdout: r.stdout, stderr: r.stderr };
    },
    start: (args) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & { output: () => string };
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      child.output = () => out;
      return child;
    },
    orchAsync: async (args) => {
      const child = p.start(args);
      const code = await exited(child);
      return { code, output: child.output() };
    },
    invocations: () => {
      const file = path.join(state, 'invocations.log');
      if (!fs.existsSync(file)) return [];
      return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => {
        const [card, attempt, pid, what] = line.split(' ');
        return { card: card!, attempt: Number(attempt), pid: Number(pid), what: what as 'start' | 'end' };
      });
    },
    events: () => {
      const file = path.join(root, '.orchestrator', 'events.jsonl');
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').flatMap((l) => { try { return [JSON.parse(l)]; } catch { return []; } }) : [];
    },
  };
  return p;
}

/** Wait for a condition by polling real state (files, processes), never a blind sleep. */
export async function until(what: string, test: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The exit code of a child (137 for a SIGKILL, 128 for another signal), also when it has already exited. */
export function exited(child: ChildProcess): Promise<number> {
  const codeOf = (code: number | null, signal: NodeJS.Signals | null) => code ?? (signal === 'SIGKILL' ? 137 : 128);
  return new Promise((resolve) => {
    // one killed by a signal has no exitCode, only a signalCode: without this check, a wait that
    // starts after its exit event (two children killed at once, awaited in turn) never ends
    if (child.exitCode !== null || child.signalCode !== null) return resolve(codeOf(child.exitCode, child.signalCode));
    child.once('exit', (code, signal) => resolve(codeOf(code, signal)));
  });
}

/** Alive and not a zombie (Linux). */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Pids of live processes whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).flatMap((pid) => {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmd.includes(marker) && alive(Number(pid)) ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}

export function git(cwd: string, ...args: string[]): void {
  spawnSync('git', args, { cwd, stdio: 'ignore' });
}
