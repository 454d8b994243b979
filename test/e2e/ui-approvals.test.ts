import { describe, expect, it } from 'vitest';
import { exited, tempProject, until } from '../helpers.js';

/** Approval gates need the card field `approve` (parsed by the cards part): until then these wait. */

const statusOf = (events: Array<Record<string, unknown>>, id: string) =>
  events.filter((e) => e.type === 'card' && e.card === id).map((e) => e.to).pop();

describe('orch approve and orch reject', () => {
  it('a gate waits while its sibling finishes, and runs once approved during the run', async () => {
    const p = tempProject();
    p.card('G', 'approve: true');
    p.card('D', 'deps: [G]');
    p.card('S', '');
    const run = p.start(['run']);
    await until('G at its gate and S done', () => statusOf(p.events(), 'G') === 'awaiting-approval' && statusOf(p.events(), 'S') === 'done', 20_000);
    expect(p.invocations().some((i) => i.card === 'G')).toBe(false);
    const approved = await p.orchAsync(['approve', 'G']);
    expect(approved.output).toContain('the run took it');
    expect(approved.code).toBe(0);
    expect(await exited(run)).toBe(0);
    expect(statusOf(p.events(), 'D')).toBe('done');
  });

  it('a rejected gate fails and blocks only its dependents', async () => {
    const p = tempProject();
    p.card('G', 'approve: true');
    p.card('D', 'deps: [G]');
    p.card('S', '');
    const run = p.start(['run']);
    await until('G at its gate', () => statusOf(p.events(), 'G') === 'awaiting-approval', 20_000);
    expect((await p.orchAsync(['reject', 'G'])).code).toBe(0);
    expect(await exited(run)).toBe(1);
    const events = p.events();
    expect(statusOf(events, 'G')).toBe('failed');
    expect(statusOf(events, 'D')).toBe('blocked');
    expect(statusOf(events, 'S')).toBe('done');
    expect(p.invocations().some((i) => i.card === 'G')).toBe(false);
  });

  it('an approval given with no run going holds for the next run', async () => {
    const p = tempProject();
    p.card('G', 'approve: true');
    const approved = p.orch(['approve', 'G']);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('next `orch run`');
    expect(p.orch(['run']).code).toBe(0);
    expect(statusOf(p.events(), 'G')).toBe('done');
  });

  it('refuses an unknown card in one line, exit 2', () => {
    const p = tempProject();
    p.card('G', 'approve: true');
    const r = p.orch(['approve', 'H']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('unknown card "H"');
  });
});
