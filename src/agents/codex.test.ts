import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { alive, fakeRun, grandchildPids } from '../../test/fakes/attempt.js';
import { codexAdapter } from './codex.js';

vi.hoisted(() => { process.env.ORCH_KILL_GRACE_MS = '300'; }); // read by process.ts when it loads
const run = fakeRun();

describe('codex adapter', () => {
  it('returns the last message and tokens of a successful run', async () => {
    const req = run.request('codex', 'Review.\n@fake output looks fine');
    const reply = await codexAdapter.run(req);
    expect(reply).toMatchObject({ ok: true, text: 'looks fine', tokens: { input: 200, output: 40 }, exitCode: 0 });
    expect(reply.costUsd).toBeUndefined();
    expect(fs.existsSync(`${req.resultFile}.codex-last`)).toBe(false);
  });

  it('runs in the read-only sandbox outside git, with the model and extra args', async () => {
    const req = run.request('codex', 'Look.\n@fake write notes.txt hi', { card: { model: 'gpt-5-codex' }, agent: { args: ['-c', 'analytics.enabled=false'] } });
    const reply = await codexAdapter.run(req);
    expect(run.argv(req.card.id)).toEqual([
      'exec', '--json', `--output-last-message=${req.resultFile}.codex-last`, '--sandbox=read-only', '--model=gpt-5-codex', `--cd=${run.cwd}`,
      '--skip-git-repo-check', '-c', 'analytics.enabled=false', '-',
    ]);
    expect(reply.ok).toBe(true);
    expect(fs.existsSync(path.join(run.cwd, 'notes.txt'))).toBe(false);
  });

  it('writes in the workspace sandbox when write is true, and skips the git check inside a repo', async () => {
    const repo = path.join(run.cwd, 'repo');
    fs.mkdirSync(path.join(repo, '.git', 'objects'), { recursive: true });
    const req = run.request('codex', 'Edit.\n@fake write src/a.txt hello', { card: { write: true }, agent: { cwd: 'repo' } });
    const reply = await codexAdapter.run(req);
    expect(run.argv(req.card.id)).toEqual(['exec', '--json', `--output-last-message=${req.resultFile}.codex-last`, '--sandbox=workspace-write', `--cd=${repo}`, '-']);
    expect(reply.ok).toBe(true);
    expect(fs.readFileSync(path.join(repo, 'src/a.txt'), 'utf8')).toBe('hello\n');
  });

  it.each([
    ['@fake rate-limit 9', 'rate_limit', /429 Too Many Requests/],
    ['@fake auth', 'auth', /401 Unauthorized/],
    ['@fake fail 9', 'agent_error', /stream disconnected/],
  ])('reads %s as %s', async (marker, kind, message) => {
    const reply = await codexAdapter.run(run.request('codex', `Work.\n${marker}`));
    expect(reply).toMatchObject({ ok: false, errorKind: kind, exitCode: 1, text: '' });
    expect(reply.message).toMatch(message);
  });

  it('reads a usage limit with its reset time (to the minute)', async () => {
    const reset = Math.floor(Date.now() / 60_000) * 60 + 7200;
    const reply = await codexAdapter.run(run.request('codex', `Work.\n@fake usage-limit ${reset}`));
    expect(reply).toMatchObject({ ok: false, errorKind: 'usage_limit', retryAt: reset * 1000 });
  });

  it('fails an empty final message even with exit 0', async () => {
    const reply = await codexAdapter.run(run.request('codex', 'Work.\n@fake output'));
    expect(reply).toMatchObject({ ok: false, errorKind: 'agent_error', exitCode: 0 });
    expect(reply.message).toMatch(/-o file is empty/);
  });

  it('reads a usage error (exit 2) as bad_args', async () => {
    const reply = await codexAdapter.run(run.request('codex', 'Work.', { agent: { args: ['--full-auto'] } }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'bad_args', exitCode: 2 });
    expect(reply.message).toBe("codex rejected its arguments: unexpected argument '--full-auto' found");
  });

  it('never takes exit 0 without a final message as success', async () => {
    const reply = await codexAdapter.run(run.request('codex', 'Work.\n@fake interrupted'));
    expect(reply).toMatchObject({ ok: false, exitCode: 0 });
  });

  it('names the missing executable', async () => {
    const reply = await codexAdapter.run(run.request('codex', 'Work.', { agent: { bin: 'no-such-codex' } }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'not_found' });
    expect(reply.message).toBe('agent "codex": executable "no-such-codex" not found on PATH — install it or set agents.codex.bin');
  });

  it('kills the grandchild on timeout', async () => {
    const req = run.request('codex', 'Stuck.\n@fake grandchild\n@fake hang', { timeoutMs: 400 });
    const reply = await codexAdapter.run(req);
    expect(reply).toMatchObject({ ok: false, errorKind: 'timeout' });
    for (const pid of [...grandchildPids(run.state, req.card.id), ...req.pids]) expect(alive(pid)).toBe(false);
  });
});
