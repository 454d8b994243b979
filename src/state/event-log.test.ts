import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendEvents, EventLog, readEvents } from './event-log.js';
import type { LogEvent } from './events.js';
import { EventLogError } from './io-error.js';
import { repairTornTail } from './torn-tail.js';

const reset = (card: string): LogEvent => ({ type: 'card-reset', t: 1, card });
const line = (e: LogEvent) => `${JSON.stringify(e)}\n`;

function temp(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orch-log-')), 'events.jsonl');
}

describe('repairTornTail', () => {
  it.each([
    ['an empty file', '', ''],
    ['a file ending in a newline', line(reset('a')), line(reset('a'))],
    ['a torn last line (it is cut off)', `${line(reset('a'))}{"type":"card","t":`, line(reset('a'))],
    ['a file that is one torn line', '{"type":"ca', ''],
    ['a whole record missing its newline (it is ended)', `${line(reset('a'))}${JSON.stringify(reset('b'))}`, `${line(reset('a'))}${line(reset('b'))}`],
  ])('leaves %s ending at a line boundary', (_what, before, after) => {
    const file = temp();
    fs.writeFileSync(file, before);
    const fd = fs.openSync(file, 'a+');
    repairTornTail(fd);
    fs.closeSync(fd);
    expect(fs.readFileSync(file, 'utf8')).toBe(after);
  });

  it('finds the last newline of a long torn line beyond one read chunk', () => {
    const file = temp();
    fs.writeFileSync(file, `${line(reset('a'))}${'x'.repeat(200_000)}`);
    const fd = fs.openSync(file, 'a+');
    expect(repairTornTail(fd)).toEqual({ action: 'cut', bytes: 200_000 });
    fs.closeSync(fd);
    expect(fs.readFileSync(file, 'utf8')).toBe(line(reset('a')));
  });
});

describe('EventLog', () => {
  it('appends after a torn last line so that the new record is whole and parseable', () => {
    const file = temp();
    fs.writeFileSync(file, `${line(reset('a'))}{"type":"card","t":1,"ru`);
    const notices: string[] = [];
    const log = new EventLog(file, { notice: (n) => notices.push(n) });
    log.append({ type: 'run-started', t: 2, run: 'r', pid: 1, host: 'h', concurrency: 1 });
    log.close();
    expect(readEvents(file).map((e) => e.type)).toEqual(['card-reset', 'run-started']);
    expect(notices).toEqual([expect.stringMatching(/torn line .*cut it off/)]);
  });

  it('stamps every run-started with the schema version, on the caller\'s record too', () => {
    const file = temp();
    const log = new EventLog(file);
    const started: LogEvent = { type: 'run-started', t: 2, run: 'r', pid: 1, host: 'h', concurrency: 1 };
    log.append(started);
    log.close();
    expect(started).toMatchObject({ schema: 2 });
    expect(readEvents(file)[0]).toMatchObject({ type: 'run-started', schema: 2 });
  });

  it.each([
    ['deleted', (file: string) => fs.rmSync(file)],
    ['renamed away', (file: string) => fs.renameSync(file, `${file}.old`)],
    ['replaced by another file', (file: string) => { fs.rmSync(file); fs.writeFileSync(file, line(reset('intruder'))); }],
    ['cut short', (file: string) => fs.truncateSync(file, 0)],
    ['replaced by a symlink', (file: string) => { fs.rmSync(file); fs.symlinkSync(path.join(os.tmpdir(), 'orch-never-written'), file); }],
  ])('notices when the log is %s, says so once, and rewrites it from the records it was given', (what, harm) => {
    const file = temp();
    const records: LogEvent[] = [];
    const notices: string[] = [];
    const log = new EventLog(file, { records: () => records, notice: (n) => notices.push(n), checkEveryMs: 0 });
    for (const card of ['a', 'b']) {
      const e = reset(card);
      log.append(e);
      records.push(e);
    }
    harm(file);
    const c = reset('c');
    log.append(c);
    records.push(c);
    log.append(reset('d'));
    log.close();
    expect(readEvents(file).map((e) => (e as { card: string }).card)).toEqual(['a', 'b', 'c', 'd']);
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect(fs.existsSync(path.join(os.tmpdir(), 'orch-never-written'))).toBe(false);
    expect(notices).toEqual([expect.stringContaining(`was ${what.replace(' away', '').replace('renamed', 'deleted')}`)]);
  });

  it('keeps a file put in its place aside rather than overwriting it', () => {
    const file = temp();
    const log = new EventLog(file, { checkEveryMs: 0 });
    log.append(reset('a'));
    fs.rmSync(file);
    fs.writeFileSync(file, line(reset('theirs')));
    log.append(reset('b'));
    log.close();
    const aside = fs.readdirSync(path.dirname(file)).find((n) => n.startsWith('events.jsonl.replaced-'));
    expect(fs.readFileSync(path.join(path.dirname(file), aside!), 'utf8')).toBe(line(reset('theirs')));
    // without records given, it is rewritten from the old file still open
    expect(readEvents(file).map((e) => (e as { card: string }).card)).toEqual(['a', 'b']);
  });

  it.each([
    ['a folder', (file: string) => fs.mkdirSync(file), /events.jsonl is a folder, not a file/],
    ['a symlink', (file: string) => fs.symlinkSync('/etc/hostname', file), /events.jsonl is a symlink/],
    ['a FIFO', (file: string) => execFileSync('mkfifo', [file]), /events.jsonl is a FIFO/],
  ])('refuses a log that is %s with one line, without hanging or following it', (_what, make, message) => {
    const file = temp();
    make(file);
    expect(() => new EventLog(file)).toThrow(EventLogError);
    expect(() => new EventLog(file)).toThrow(message);
  });

  it('checks the path on close, so the log on disk ends whole however often it checks', () => {
    const file = temp();
    const log = new EventLog(file, { checkEveryMs: 60_000 });
    log.append(reset('a'));
    fs.rmSync(file);
    log.append(reset('b'));
    log.close();
    expect(readEvents(file).map((e) => (e as { card: string }).card)).toEqual(['a', 'b']);
  });

  it('appendEvents repairs a torn tail before it appends (orch reset)', () => {
    const file = temp();
    fs.writeFileSync(file, '{"type":"run-st');
    appendEvents(file, [reset('a')]);
    expect(fs.readFileSync(file, 'utf8')).toBe(line(reset('a')));
  });
});
