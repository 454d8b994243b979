import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../state/events.js';
import { LogFollower } from './log-follower.js';

function follow() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orch-follow-')), 'events.jsonl');
  const seen: LogEvent[] = [];
  let restarts = 0;
  const follower = new LogFollower(file, { events: (e) => seen.push(...e), restart: () => (restarts += 1) });
  return { file, seen, follower, restarts: () => restarts };
}

const line = (t: number) => `${JSON.stringify({ type: 'card-reset', t, card: 'a' })}\n`;

describe('LogFollower', () => {
  it('reads only the new bytes, and waits for a line to be whole', () => {
    const { file, seen, follower } = follow();
    follower.poll();
    expect(seen).toEqual([]);
    fs.writeFileSync(file, line(1) + line(2).slice(0, 10));
    follower.poll();
    expect(seen.map((e) => e.t)).toEqual([1]);
    fs.appendFileSync(file, line(2).slice(10) + line(3));
    follower.poll();
    expect(seen.map((e) => e.t)).toEqual([1, 2, 3]);
  });

  it('skips a garbled line, as readEvents does', () => {
    const { file, seen, follower } = follow();
    fs.writeFileSync(file, `${line(1)}{"torn\n${line(2)}`);
    follower.poll();
    expect(seen.map((e) => e.t)).toEqual([1, 2]);
  });

  it('starts again from the top when the log is cut short or replaced', () => {
    const { file, seen, follower, restarts } = follow();
    fs.writeFileSync(file, line(1) + line(2));
    follower.poll();
    fs.writeFileSync(file, line(7));
    follower.poll();
    expect(restarts()).toBe(1);
    expect(seen.map((e) => e.t)).toEqual([1, 2, 7]);
  });
});
