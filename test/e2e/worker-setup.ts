import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { alive, CLI, git, processesWith, until, type TempProject } from '../helpers.js';

/** A redis-server of the test's own on a free port, keeping nothing on disk unless told to save. */
export interface TestRedis {
  port: number;
  url: string;
  start(): Promise<void>;
  /** SHUTDOWN SAVE: the server stops and comes back with its data (an outage, not a wipe). */
  stop(): Promise<void>;
  /** SIGKILL of the server: Redis gone at once, nothing said to its clients. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): boolean {
  return spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG';
}

export async function testRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-redis-'));
  let server: ChildProcess | undefined;
  const r: TestRedis = {
    port, url: `redis://127.0.0.1:${port}`,
    start: async () => {
      server = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
      await until('redis-server to answer', () => ping(port), 15_000);
    },
    stop: async () => {
      const s = server;
      spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'save'], { stdio: 'ignore' });
      await until('redis-server to stop', () => s?.exitCode !== null || s.signalCode !== null, 15_000);
    },
    kill: async () => {
      const s = server;
      s?.kill('SIGKILL');
      await until('redis-server to die', () => s?.exitCode !== null || s.signalCode !== null, 15_000);
    },
  };
  await r.start();
  return r;
}

/** The project as a git repository with its cards committed, and a clone of it for each worker. */
export function commitProject(p: TempProject): void {
  p.write('.gitignore', '.fake-state/\n.orchestrator/*\n!.orchestrator/tasks/\n!.orchestrator/orchestrator.yaml\n');
  git(p.root, 'init', '-q', '-b', 'main');
  git(p.root, '-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '-A');
  git(p.root, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'cards');
}

export function cloneOf(p: TempProject): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-clone-'));
  spawnSync('git', ['clone', '-q', p.root, dir], { stdio: 'ignore' });
  return dir;
}

export interface TestWorker {
  child: ChildProcess;
  output(): string;
}

const started: ChildProcess[] = [];

export function startWorker(p: TempProject, clone: string, url: string, name: string, concurrency = 3): TestWorker {
  const child = spawn(process.execPath, [CLI, 'worker', '--redis', url, '--concurrency', String(concurrency), '--name', name], {
    cwd: clone, env: { ...p.env, TMPDIR: clone + '.tmp' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  fs.mkdirSync(clone + '.tmp', { recursive: true });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

/** SIGKILL every worker a test started that is still running (one told to stop waits for Redis, which is stopped next). */
export function killWorkers(): void {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** How many times each card's agent started, from the fake agents' shared invocation log. */
export function startsByCard(p: TempProject): Map<string, number> {
  const starts = new Map<string, number>();
  for (const i of p.invocations()) if (i.what === 'start') starts.set(i.card, (starts.get(i.card) ?? 0) + 1);
  return starts;
}

/** Live processes carrying an ORCH_ATTEMPT_MARK of `card`'s attempt 1, working in a job under `tmp` (a worker's TMPDIR). */
export function agentsOf(card: string, tmp: string): number[] {
  return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).flatMap((pid) => {
    try {
      const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const mark = env.find((v) => v.startsWith('ORCH_ATTEMPT_MARK='));
      const dir = env.find((v) => v.startsWith('ORCH_DIR='));
      return mark?.includes(`.${card}.1.`) && dir?.startsWith(`ORCH_DIR=${tmp}`) && alive(Number(pid)) ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}

/** The spawner a worker started: its child running spawner-main.js. */
export function spawnerOf(pid: number): number | undefined {
  const parentOf = (child: number) => {
    try {
      return fs.readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1]!.split(' ')[1];
    } catch {
      return undefined;
    }
  };
  return processesWith('spawner-main.js').find((child) => parentOf(child) === String(pid));
}
