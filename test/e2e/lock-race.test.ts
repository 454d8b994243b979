import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKES, REPO } from '../helpers.js';

// ORCH_LOCK_MODULE points the racers at another build (e.g. main's dist) to check the old lock loses.
const MODULE = process.env.ORCH_LOCK_MODULE ?? pathToFileURL(path.join(REPO, 'dist', 'state', 'lock.js')).href;
const RACERS = 20;
const ROUNDS = Number(process.env.ORCH_LOCK_ROUNDS ?? 8);

interface Racer { child: ChildProcess; lines: AsyncIterator<string> }
let racers: Racer[] = [];

async function next(racer: Racer): Promise<string> {
  const line = await racer.lines.next();
  if (line.done) throw new Error('a racer exited');
  return line.value;
}

/** One round: every racer calls acquireLock(file) at the same moment; returns each one's outcome. */
async function race(file: string): Promise<string[]> {
  const at = Date.now() + 150;
  for (const r of racers) r.child.stdin!.write(`go ${file} ${at}\n`);
  return Promise.all(racers.map(async (r) => (await next(r)).split(' ')[1]!));
}

function deadPid(): number {
  return spawnSync('true').pid!;
}

describe('the lock under a race of many processes (issue 12, item 5)', () => {
  beforeAll(async () => {
    racers = Array.from({ length: RACERS }, () => {
      const child = spawn(process.execPath, [path.join(FAKES, 'lock-racer.mjs'), MODULE], { stdio: ['pipe', 'pipe', 'inherit'] });
      return { child, lines: readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]() };
    });
    for (const r of racers) expect(await next(r)).toBe('ready');
  }, 60_000);

  afterAll(() => {
    for (const r of racers) r.child.stdin!.end();
  });

  it(`a free lock: of ${RACERS} simultaneous takers exactly one wins, ${ROUNDS} times over`, async () => {
    const winners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-lock-'));
      const outcomes = await race(path.join(dir, 'run.lock'));
      expect(outcomes.filter((o) => o !== 'won' && o !== 'lost')).toEqual([]);
      winners.push(outcomes.filter((o) => o === 'won').length);
    }
    console.log(`free lock: winners per round ${winners.join(' ')}`);
    expect(winners).toEqual(Array(ROUNDS).fill(1));
  }, 60_000);

  it(`a dead holder's lock: of ${RACERS} simultaneous takers exactly one takes it over, ${ROUNDS} times over`, async () => {
    const winners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-lock-'));
      const file = path.join(dir, 'run.lock');
      fs.writeFileSync(file, `${JSON.stringify({ pid: deadPid(), host: os.hostname(), startedAt: new Date().toISOString() })}\n`);
      const outcomes = await race(file);
      expect(outcomes.filter((o) => o !== 'won' && o !== 'lost')).toEqual([]);
      winners.push(outcomes.filter((o) => o === 'won').length);
      // nothing left behind but the lock itself
      expect(fs.readdirSync(dir)).toEqual(['run.lock']);
    }
    console.log(`stale lock: winners per round ${winners.join(' ')}`);
    expect(winners).toEqual(Array(ROUNDS).fill(1));
  }, 60_000);
});
