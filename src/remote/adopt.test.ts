import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../state/events.js';
import { deadRuns } from './adopt.js';

const started = (run: string): LogEvent => ({ type: 'run-started', t: 1, run, pid: 1, host: 'h', concurrency: 1 });
const ended = (run: string): LogEvent => ({ type: 'run-ended', t: 2, run, exitCode: 0, reason: 'finished' });

describe('deadRuns', () => {
  it.each([
    ['a run that ended is not dead', [started('a'), ended('a')], 'b', []],
    ['a run that never ended is dead', [started('a')], 'b', ['a']],
    ['the current run is never dead', [started('a'), started('b')], 'b', ['a']],
    ['several dead heads are all found', [started('a'), started('b'), ended('b'), started('c')], 'd', ['a', 'c']],
  ])('%s', (_name, events, current, expected) => {
    expect([...deadRuns(events as LogEvent[], current)]).toEqual(expected);
  });
});
