import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alive, exited, tempProject, until } from '../helpers.js';

const startsOf = (p: ReturnType<typeof tempProject>) => p.invocations().filter((i) => i.what === 'start');

describe('crash safety and resume', () => {
  it('resumes after kill -9: nothing done runs again, nothing is lost, no agent is left behind', async () => {
    const p = tempProject('concurrency: 3\ndefaults: { agent: fake, retries: 0 }\n');
    for (let i = 0; i < 9; i++) p.card(`c${i}`, i >= 3 ? `deps: [c${i - 3}]` : '', `Work.\n@fake sleep ${i % 3 === 0 ? 800 : 150}\n@fake grandchild`);
    const run = p.start(['run']);
    await until('some cards done and others running', () => {
      const events = p.events();
      const done = new Set(events.filter((e) => e.to === 'done').map((e) => e.card));
      return done.size >= 3 && events.some((e) => e.type === 'spawned' && !done.has(e.card));
    });
    run.kill('SIGKILL');
    await exited(run);
    const doneBefore = new Set(p.events().filter((e) => e.to === 'done').map((e) => String(e.card)));
    const inFlight = p.invocations().filter((i) => i.what === 'start' && !p.invocations().some((j) => j.what === 'end' && j.pid === i.pid));
    expect(doneBefore.size).toBeGreaterThan(0);

    const rerun = p.orch(['run']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/took over the lock/);
    for (const i of inFlight) expect(alive(i.pid)).toBe(false);
    const grandchildren = fs.readdirSync(p.state).filter((f) => f.endsWith('.grandchild.pids'))
      .flatMap((f) => fs.readFileSync(`${p.state}/${f}`, 'utf8').trim().split('\n').map(Number));
    for (const pid of grandchildren) expect(alive(pid)).toBe(false);
    const starts = startsOf(p);
    for (const id of doneBefore) expect(starts.filter((s) => s.card === id)).toHaveLength(1);
    for (let i = 0; i < 9; i++) {
      const result = p.read(`.orchestrator/results/c${i}.md`);
      expect(result).toMatch(new RegExp(`^done c${i} attempt \\d+`));
    }
  });

  it('stops the agents of a dead runner before rerunning, even when its spawner died with it', async () => {
    const p = tempProject();
    p.card('long', '', 'Long.\n@fake grandchild\n@fake hang');
    p.card('next', 'deps: [long]');
    const run = p.start(['run']);
    await until('the agent and its grandchild run', () => p.events().some((e) => e.type === 'spawned') && fs.existsSync(`${p.state}/long.grandchild.pids`));
    const spawner = fs.readFileSync(`/proc/${run.pid}/task/${run.pid}/children`, 'utf8').trim().split(/\s+/).map(Number)
      .filter((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('spawner-main'));
    run.kill('SIGKILL');
    for (const pid of spawner) process.kill(pid, 'SIGKILL');
    await exited(run);
    const agent = p.invocations()[0]!.pid;
    const grandchild = Number(fs.readFileSync(`${p.state}/long.grandchild.pids`, 'utf8').trim());
    expect(alive(agent)).toBe(true);
    expect(alive(grandchild)).toBe(true);
    p.card('long', '', 'Long, now quick.');
    const rerun = p.orch(['run']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('stopped 1 agent process group(s) left by a run that died');
    expect(alive(agent)).toBe(false);
    expect(alive(grandchild)).toBe(false);
  });

  it('resumes after kill -9 between a result write and its event: the card runs again, its result is whole', () => {
    const p = tempProject();
    p.card('a', '', 'A.\n@fake output alpha');
    p.card('b', 'deps: [a]');
    const crashed = p.orch(['run'], { env: { ORCH_TEST_CRASH: 'after-result:a' } });
    expect(crashed.code).toBe(137);
    expect(p.read('.orchestrator/results/a.md')).toBe('alpha\n');
    expect(p.events().some((e) => e.card === 'a' && e.to === 'done')).toBe(false);
    const rerun = p.orch(['run']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(startsOf(p).map((s) => s.card)).toEqual(['a', 'a', 'b']);
    expect(p.read('.orchestrator/results/a.md')).toBe('alpha\n');
    expect(p.read('.orchestrator/logs/prompts/b.1.md')).toContain('alpha');
  });

  it('resumes after kill -9 during a backoff: the card runs again, attempts start over', async () => {
    const p = tempProject('concurrency: 2\ndefaults: { agent: fake, retries: 3 }\nbackoff: { initial: 20s }\n');
    p.card('flaky', '', 'Flaky.\n@fake fail 1');
    p.card('solid', '');
    const run = p.start(['run']);
    await until('the flaky card waits for its retry and the solid one is done', () =>
      p.events().some((e) => e.card === 'flaky' && e.to === 'retrying') && p.events().some((e) => e.card === 'solid' && e.to === 'done'));
    run.kill('SIGKILL');
    await exited(run);
    const rerun = p.orch(['run']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(startsOf(p).filter((s) => s.card === 'solid')).toHaveLength(1);
    expect(startsOf(p).filter((s) => s.card === 'flaky').map((s) => s.attempt)).toEqual([1, 1]);
  });

  it('lets one runner per folder: a second run exits 2 naming the pid', async () => {
    const p = tempProject();
    p.card('h', '', 'Hang.\n@fake hang');
    const run = p.start(['run']);
    await until('the agent started', () => startsOf(p).length === 1);
    const second = p.orch(['run']);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`another run holds .orchestrator (pid ${run.pid}, started `);
    run.kill('SIGTERM');
    expect(await exited(run)).toBe(130);
  });

  it('ignores a torn last line in the event log', () => {
    const p = tempProject();
    p.card('a', '');
    expect(p.orch(['run']).code).toBe(0);
    fs.appendFileSync(p.file('.orchestrator/events.jsonl'), '{"type":"card","t":1,"ca');
    const r = p.orch(['run']);
    expect(r.code, r.stderr).toBe(0);
    expect(startsOf(p)).toHaveLength(1);
  });
});

describe('incremental runs', () => {
  it('runs nothing the second time; an edited card and the dependents whose inputs changed run again', () => {
    const p = tempProject();
    p.card('a', '', 'A.\n@fake output alpha');
    p.card('b', 'deps: [a]');
    p.card('c', '');
    expect(p.orch(['run']).code).toBe(0);
    expect(startsOf(p)).toHaveLength(3);
    expect(p.orch(['run']).code).toBe(0);
    expect(startsOf(p)).toHaveLength(3);

    p.card('a', '', 'A, reworded.\n@fake output alpha');
    expect(p.orch(['run']).code).toBe(0);
    expect(startsOf(p).map((s) => s.card).slice(3)).toEqual(['a']);

    p.card('a', '', 'A, changed result.\n@fake output beta');
    expect(p.orch(['run']).code).toBe(0);
    expect(startsOf(p).slice(4).map((s) => s.card)).toEqual(['a', 'b']);
  });

  it('runs a card again after `orch reset`, and its dependents follow', () => {
    const p = tempProject();
    p.card('a', '');
    p.card('b', 'deps: [a]');
    p.card('c', '');
    expect(p.orch(['run']).code).toBe(0);
    const reset = p.orch(['reset', 'a']);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('reset 2 card(s): a, b');
    expect(p.exists('.orchestrator/results/a.md')).toBe(false);
    expect(p.orch(['run']).code).toBe(0);
    expect(startsOf(p).slice(3).map((s) => s.card)).toEqual(['a', 'b']);
    expect(p.orch(['reset', 'zzz']).code).toBe(2);
  });

  it('runs a failed card again on the next run, its attempts starting over', () => {
    const p = tempProject();
    p.card('once', 'retries: 0', 'Fail once.\n@fake fail 1');
    expect(p.orch(['run']).code).toBe(1);
    expect(p.orch(['run']).code).toBe(0);
    expect(startsOf(p).map((s) => s.attempt)).toEqual([1, 1]);
  });
});

describe('live cards', () => {
  it('picks up a card written by a running card; an invalid one is left out with file and line, and the run exits 2', () => {
    const p = tempProject();
    const planner = [
      'Plan.',
      '@fake write .orchestrator/tasks/new.md ---\\nid: new\\ndeps: [planner]\\n---\\nNew work.\\n',
      '@fake write .orchestrator/tasks/broken.md ---\\nid: broken\\ntimeout: soon\\n---\\nBroken.\\n',
      '@fake sleep 300',
    ].join('\n');
    p.card('planner', '', planner);
    const r = p.orch(['run']);
    expect(r.code, r.stderr).toBe(2);
    expect(startsOf(p).map((s) => s.card)).toEqual(['planner', 'new']);
    expect(r.stderr).toContain('.orchestrator/tasks/broken.md: line 3: timeout: bad duration "soon"');
    expect(p.read('.orchestrator/results/new.md')).toBeTruthy();
  });
});

describe('orch run --detach and orch wait', () => {
  it('returns at once with the pid; wait blocks until the end and exits like run', async () => {
    const p = tempProject();
    p.card('slow', '', 'Slow.\n@fake sleep 1500');
    const detach = p.orch(['run', '--detach']);
    expect(detach.code, detach.stderr).toBe(0);
    const pid = Number(detach.stdout.trim());
    expect(alive(pid)).toBe(true);
    expect(p.exists('.orchestrator/results/slow.md')).toBe(false); // it returned before the work was done
    const early = p.orch(['wait', '--timeout', '100ms']);
    expect(early.code).toBe(3);
    const waited = p.orch(['wait', '--timeout', '30s']);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain('slow');
    expect(p.exists('.orchestrator/results/slow.md')).toBe(true);
    expect(p.exists('.orchestrator/logs/runner.log')).toBe(true);
  });

  it('refuses to start in the background when the cards do not validate', () => {
    const p = tempProject();
    p.card('a', 'deps: [nope]');
    const r = p.orch(['run', '--detach']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('.orchestrator/tasks/a.md:3:1: error unknown dep "nope"');
    expect(p.exists('.orchestrator/run.lock')).toBe(false);
  });
});
