import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFaultsTo, writeStatus } from '../run/markdown-files.js';
import { readView } from '../project/view.js';
import { writeAtomic } from './atomic.js';
import { EventLog } from './event-log.js';
import { EventLogError, StateIoError } from './io-error.js';
import { layoutOf } from './layout.js';

// A small tmpfs gives a real ENOSPC and a real EROFS; mounting needs root.
const canMount = process.platform === 'linux' && process.getuid?.() === 0 && mountWorks();
if (!canMount) console.log('io-faults: skipped — needs root on Linux to mount a small tmpfs');

function mountWorks(): boolean {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!canMount)('I/O faults at the state layer are one-line IO errors (issue 11, item 5)', () => {
  const mounts: string[] = [];
  function mount(options: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-fs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
    mounts.push(dir);
    return dir;
  }
  let full = '';
  let readOnly = '';

  beforeAll(() => {
    full = mount('size=64k');
    fs.writeFileSync(path.join(full, 'filler'), Buffer.alloc(62 * 1024));
    readOnly = mount('ro,size=64k');
  });
  afterAll(() => {
    for (const dir of mounts) execFileSync('umount', ['-l', dir]);
  });

  it('an event that cannot be written on a full disk is an EventLogError naming the path and ENOSPC', () => {
    const log = new EventLog(path.join(full, 'events.jsonl'));
    let thrown: unknown;
    try {
      for (let i = 0; i < 10_000; i++) log.append({ type: 'card-reset', t: i, card: `card-${i}-${'x'.repeat(200)}` });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EventLogError);
    expect((thrown as EventLogError).code).toBe('IO');
    expect((thrown as EventLogError).message).toMatch(/^cannot write .*events\.jsonl: ENOSPC \(no space left on device\)$/);
    fs.rmSync(path.join(full, 'events.jsonl'));
  });

  it('a log on a read-only disk cannot be opened: EventLogError with EROFS', () => {
    expect(() => new EventLog(path.join(readOnly, 'events.jsonl'))).toThrow(/^cannot open .*events\.jsonl: EROFS \(read-only file system\)$/);
  });

  it('a status.md that cannot be written is reported once, returned as data, and leaves no temp file', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-rootfs-'));
    fs.mkdirSync(path.join(root, '.orchestrator', 'tasks'), { recursive: true });
    fs.writeFileSync(path.join(root, '.orchestrator', 'orchestrator.yaml'), 'defaults: { agent: claude }\n');
    fs.writeFileSync(path.join(root, '.orchestrator', 'tasks', 'a.md'), `---\nid: a\ntitle: ${'x'.repeat(8000)}\n---\nDo a.\n`);
    const { view } = readView(root);
    const layout = { ...layoutOf(root), status: path.join(full, 'status.md') };
    const told: StateIoError[] = [];
    reportFaultsTo((e) => told.push(e));
    const first = await writeStatus(layout, view);
    const second = await writeStatus(layout, view);
    expect(first).toBeInstanceOf(StateIoError);
    expect(second?.errno).toBe('ENOSPC');
    expect(told.map((e) => e.message)).toEqual([expect.stringMatching(/^cannot write .*status\.md: ENOSPC/)]);
    expect(fs.readdirSync(full)).toEqual(['filler']);
  });

  it('writeAtomic on a read-only disk fails with EROFS and writes nothing', () => {
    expect(() => writeAtomic(path.join(readOnly, 'report.md'), 'x')).toThrow(expect.objectContaining({ code: 'EROFS' }));
  });
});
