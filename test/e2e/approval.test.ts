import { describe, expect, it } from 'vitest';
import { exited, tempProject, until } from '../helpers.js';

const statusOf = (p: ReturnType<typeof tempProject>, id: string) => {
  const last = p.events().filter((e) => e.type === 'card' && e.card === id).at(-1);
  return last?.to as string | undefined;
};

describe('approval gates and controls', () => {
  it('holds an approve card until `orch approve` while a sibling branch finishes', async () => {
    const p = tempProject();
    p.card('a', '');
    p.card('gate', 'deps: [a]\napprove: true');
    p.card('after', 'deps: [gate]');
    p.card('sibling', '', 'Sibling.\n@fake sleep 300');
    const run = p.start(['run']);
    await until('the gate waits and the sibling is done', () => statusOf(p, 'gate') === 'awaiting-approval' && statusOf(p, 'sibling') === 'done');
    expect(p.invocations().some((i) => i.card === 'gate')).toBe(false);
    const approve = p.orch(['approve', 'gate']);
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toContain('the run took it');
    expect(await exited(run)).toBe(0);
    expect(p.exists('.orchestrator/results/after.md')).toBe(true);
    expect(p.events().some((e) => e.type === 'card-approval' && e.card === 'gate' && e.decision === 'approved')).toBe(true);
  });

  it('takes a rejection given before the run: the card fails, only its dependents are blocked, exit 1', () => {
    const p = tempProject();
    p.card('gate', 'approve: true');
    p.card('after', 'deps: [gate]');
    p.card('other', '');
    const reject = p.orch(['reject', 'gate']);
    expect(reject.code, reject.stderr).toBe(0);
    expect(reject.stdout).toContain('next `orch run`');
    const r = p.orch(['run']);
    expect(r.code).toBe(1);
    expect(p.exists('.orchestrator/results/other.md')).toBe(true);
    expect(p.events().find((e) => e.type === 'card' && e.card === 'gate' && e.to === 'failed')).toMatchObject({ errorKind: 'rejected' });
    expect(statusOf(p, 'after')).toBe('blocked');
  });

  it('refuses a control for an unknown card in one line', () => {
    const p = tempProject();
    p.card('gate', 'approve: true');
    const r = p.orch(['approve', 'gaet']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error unknown card "gaet" — did you mean "gate"?');
  });

  it('cancels a running card from outside; its dependent is blocked, the run exits 1', async () => {
    const p = tempProject();
    p.card('slow', '', 'Slow.\n@fake hang');
    p.card('after', 'deps: [slow]');
    const run = p.start(['run']);
    await until('slow runs', () => p.invocations().some((i) => i.card === 'slow' && i.what === 'start'));
    expect(p.orch(['cancel', 'slow']).code).toBe(0);
    expect(await exited(run)).toBe(1);
    expect(statusOf(p, 'slow')).toBe('cancelled');
    expect(statusOf(p, 'after')).toBe('blocked');
  });
});
