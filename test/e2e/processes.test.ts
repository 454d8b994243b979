import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive, exited, tempProject, until, type TempProject } from '../helpers.js';

/** Live processes started for this project: they carry orch's mark and the project's ORCH_DIR. */
function marked(p: TempProject): number[] {
  const dir = `ORCH_DIR=${path.join(p.root, '.orchestrator')}`;
  return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).flatMap((pid) => {
    try {
      const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      return env.includes(dir) && env.some((v) => v.startsWith('ORCH_ATTEMPT_MARK=')) && alive(Number(pid)) ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}

/** A card command that starts `sleep 300` in a session of its own (outside every process group), its pid in `file`. */
const daemon = (file: string) => `setsid sh -c 'echo $$ > ${file}; exec sleep 300' >/dev/null 2>&1 < /dev/null &`;

async function gone(pid: number, withinMs: number): Promise<void> {
  await until(`process ${pid} to end`, () => !alive(pid), withinMs);
}

/** Peak resident memory (VmHWM, bytes) of a process and its children, sampled until it exits. */
function peakRss(pid: number, peaks: Map<number, number>): void {
  const pids = [pid];
  try {
    pids.push(...fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return;
  }
  for (const p of pids) {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      peaks.set(p, Math.max(peaks.get(p) ?? 0, kb * 1024));
    } catch {
      // exited meanwhile
    }
  }
}

describe('processes orch starts', () => {
  it('ends a setsid daemon of a card at its timeout', async () => {
    const p = tempProject();
    p.card('slow', 'timeout: 2s\nretries: 0', '');
    p.write('.orchestrator/tasks/slow.md', `---\nid: slow\ntimeout: 2s\nretries: 0\ncommand: "${daemon('d.pid')} sleep 300"\n---\nSlow.\n`);
    const run = p.orch(['run']);
    expect(run.code).toBe(1);
    expect(p.events().some((e) => e.errorKind === 'timeout')).toBe(true);
    await gone(Number(p.read('d.pid').trim()), 3000);
    expect(marked(p)).toEqual([]);
  });

  it('ends a setsid daemon of a card that succeeded, and nothing is left after the run', async () => {
    const p = tempProject();
    p.write('.orchestrator/tasks/ok.md', `---\nid: ok\ncommand: "${daemon('d.pid')} echo started"\n---\nOk.\n`);
    const run = p.orch(['run']);
    expect(run.code).toBe(0);
    expect(p.read('.orchestrator/results/ok.md')).toBe('started\n');
    await gone(Number(p.read('d.pid').trim()), 3000);
    expect(marked(p)).toEqual([]);
  });

  it('ends the daemon a dead runner left (its spawner killed with it) when the next run starts', async () => {
    const p = tempProject();
    p.write('.orchestrator/tasks/d.md', `---\nid: d\ncommand: "${daemon('d.pid')} sleep 300"\n---\nD.\n`);
    const run = p.start(['run']);
    await until('the daemon runs', () => p.exists('d.pid') && p.read('d.pid').trim() !== '');
    const children = fs.readFileSync(`/proc/${run.pid}/task/${run.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    const spawner = children.filter((c) => fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('spawner-main'));
    run.kill('SIGKILL');
    for (const pid of spawner) process.kill(pid, 'SIGKILL');
    await exited(run);
    const pid = Number(p.read('d.pid').trim());
    expect(alive(pid)).toBe(true);
    p.write('.orchestrator/tasks/d.md', '---\nid: d\ncommand: "echo again"\n---\nD.\n');
    expect(p.orch(['run']).code).toBe(0);
    expect(alive(pid)).toBe(false);
  });

  it('ends all 4 running agents within 1 s of a kill -9 of the runner 0.3 s after its start', async () => {
    const p = tempProject();
    for (const id of ['a', 'b', 'c', 'd']) p.write(`.orchestrator/tasks/${id}.md`, `---\nid: ${id}\ncommand: "sleep 30"\n---\n${id}.\n`);
    const run = p.start(['run']);
    const startedAt = Date.now();
    await until('4 agents run', () => marked(p).length >= 4, 20_000);
    const wait = 300 - (Date.now() - startedAt);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const agents = marked(p);
    expect(agents.length).toBeGreaterThanOrEqual(4);
    run.kill('SIGKILL');
    const killedAt = Date.now();
    await until('every agent to end', () => marked(p).length === 0, 1000);
    expect(Date.now() - killedAt).toBeLessThan(1000);
    for (const pid of agents) expect(alive(pid)).toBe(false);
  });

  it('runs a card printing 1 GB to done, its result streamed to a file, the runner and spawner staying under 200 MB', async () => {
    const p = tempProject();
    p.write('.orchestrator/tasks/big.md', `---\nid: big\ntimeout: 10m\ncommand: "head -c 1073741824 /dev/zero | tr '\\\\\\\\0' a"\n---\nBig.\n`);
    const run = p.start(['run']);
    const peaks = new Map<number, number>();
    const sampler = setInterval(() => peakRss(run.pid!, peaks), 25);
    const code = await exited(run);
    clearInterval(sampler);
    expect(code, run.output()).toBe(0);
    const total = [...peaks.values()].reduce((a, b) => a + b, 0);
    console.log(`peak RSS, runner + spawner: ${(total / 2 ** 20).toFixed(0)} MB (${[...peaks.values()].map((b) => (b / 2 ** 20).toFixed(0)).join(' + ')})`);
    expect(total).toBeLessThan(200 * 2 ** 20);
    expect(fs.statSync(p.file('.orchestrator/results/big.md')).size).toBe(2 ** 30);
    const log = fs.readFileSync(p.file('.orchestrator/logs/big.1.log'), 'utf8');
    expect(log.length).toBeLessThan(50 * 2 ** 20 + 4096); // maxLogBytes' default
    expect(log).toContain('[orch] log cut here at maxLogBytes');
    fs.rmSync(p.root, { recursive: true, force: true });
  }, 180_000);

  it('honours timeout: 1000h (no 32-bit timer overflow ends the attempt early)', () => {
    const p = tempProject();
    p.write('.orchestrator/tasks/long.md', '---\nid: long\ntimeout: 1000h\nstall: 1000h\ncommand: "sleep 1; echo fine"\n---\nLong.\n');
    const run = p.orch(['run']);
    expect(run.code, run.stderr).toBe(0);
    expect(p.read('.orchestrator/results/long.md')).toBe('fine\n');
  });

  it('fails a card whose log hits a full disk with kind io, in one line; an independent card is done and the lock released', (ctx) => {
    if (process.getuid?.() !== 0) {
      console.log('skipped: mounting a small tmpfs needs root');
      return ctx.skip();
    }
    const p = tempProject();
    const logs = p.file('.orchestrator/logs');
    fs.mkdirSync(logs, { recursive: true });
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', logs]).status !== 0) {
      console.log('skipped: cannot mount a tmpfs here');
      return ctx.skip();
    }
    try {
      p.write('.orchestrator/tasks/full.md', '---\nid: full\ncommand: "sleep 2; head -c 2000000 /dev/zero >&2; echo ok"\n---\nFull.\n');
      p.write('.orchestrator/tasks/small.md', '---\nid: small\ncommand: "echo small"\n---\nSmall.\n');
      const run = p.orch(['run']);
      expect(run.code).toBe(1);
      expect(run.stderr + run.stdout).not.toMatch(/\n\s+at /);
      const failed = p.events().find((e) => e.card === 'full' && e.to === 'failed');
      expect(failed).toMatchObject({ errorKind: 'io' });
      expect(String(failed?.message)).toMatch(/ENOSPC writing .*full\.1\.log/);
      expect(p.events().filter((e) => e.card === 'full' && e.type === 'attempt-started').length).toBeLessThanOrEqual(1);
      expect(p.read('.orchestrator/results/small.md')).toBe('small\n');
      expect(p.exists('.orchestrator/run.lock')).toBe(false);
    } finally {
      spawnSync('umount', ['-l', logs]);
    }
  });
});
