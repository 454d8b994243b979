// Helpers for adapter tests: a temp project, an AttemptRequest aimed at the fakes, and what the fakes recorded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AttemptRequest } from '../../src/agents/types.js';
import type { Card } from '../../src/cards/card.js';
import type { AdapterName, AgentConfig } from '../../src/config/config.js';

export const FAKES = path.dirname(fileURLToPath(import.meta.url));

export interface FakeRun {
  /** The project root (the agent's cwd). */
  cwd: string;
  /** $FAKE_STATE, also set in process.env for the children. */
  state: string;
  request(use: AdapterName, body: string, opts?: { card?: Partial<Card>; agent?: Partial<AgentConfig>; timeoutMs?: number; stallMs?: number; signal?: AbortSignal }): AttemptRequest & { output: () => string; pids: number[] };
  /** The argv the fake got for a card. */
  argv(card: string): string[];
}

let counter = 0;

export function fakeRun(): FakeRun {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-agents-'));
  const state = path.join(cwd, '.fake-state');
  fs.mkdirSync(path.join(cwd, '.orchestrator', 'results'), { recursive: true });
  fs.mkdirSync(state);
  process.env.FAKE_STATE = state;
  return {
    cwd, state,
    request(use, body, opts = {}) {
      const id = opts.card?.id ?? `c${++counter}`;
      const card: Card = {
        id, title: id, deps: [], inputs: [], outputs: [], writes: [], write: false, priority: 0, final: false, report: true,
        body, file: `.orchestrator/tasks/${id}.md`, lines: {}, hash: 'h', ...opts.card,
      };
      const agent: AgentConfig = { name: use, use, bin: path.join(FAKES, use === 'command' ? 'fake-agent' : use), args: [], env: {}, shell: false, hash: 'a', ...opts.agent };
      let output = '';
      const pids: number[] = [];
      return {
        card, agent, attempt: 1, prompt: body,
        promptFile: path.join(cwd, '.orchestrator', `${id}.prompt.md`),
        resultFile: path.join(cwd, '.orchestrator', 'results', `${id}.md.tmp`),
        orchDir: path.join(cwd, '.orchestrator'), cwd,
        timeoutMs: opts.timeoutMs ?? 10_000, stallMs: opts.stallMs ?? 10_000,
        signal: opts.signal ?? new AbortController().signal,
        log: (chunk) => { output += chunk; },
        logFile: path.join(cwd, '.orchestrator', `${id}.log`), logLimit: 50 * 2 ** 20, mark: `test-${process.pid}.${id}.1`,
        onSpawn: (pid) => { pids.push(pid); },
        output: () => readOr(path.join(cwd, '.orchestrator', `${id}.log`)) + output, pids,
      };
    },
    argv: (card) => JSON.parse(fs.readFileSync(path.join(state, `${card}.argv.json`), 'utf8')) as string[],
  };
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Is a process alive? A zombie (state Z in /proc/<pid>/stat) counts as dead. */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** Pids the fake recorded for its grandchildren. */
export function grandchildPids(state: string, card: string): number[] {
  const file = path.join(state, `${card}.grandchild.pids`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').map(Number) : [];
}
