import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { alive, fakeRun, grandchildPids } from '../../test/fakes/attempt.js';
import { claudeAdapter } from './claude.js';

vi.hoisted(() => { process.env.ORCH_KILL_GRACE_MS = '300'; }); // read by process.ts when it loads
const run = fakeRun();

describe('claude adapter', () => {
  it('returns the result text, cost and tokens of a successful run', async () => {
    const req = run.request('claude', 'Summarise.\n@fake output # Summary\n@fake output all good');
    const reply = await claudeAdapter.run(req);
    expect(reply).toMatchObject({ ok: true, text: '# Summary\nall good', costUsd: 0.0123, tokens: { input: 120, output: 50 }, exitCode: 0 });
    expect(req.pids).toHaveLength(1);
    expect(req.output()).toContain('"type":"result"');
  });

  it('runs read-only without edit tools when write is false', async () => {
    const req = run.request('claude', 'Look.\n@fake write notes.txt hi', { card: { write: false, model: 'claude-haiku-4-5', maxTurns: 7, maxCostUsd: 0.5 }, agent: { args: ['--append-system-prompt=Be brief.'] } });
    const reply = await claudeAdapter.run(req);
    expect(run.argv(req.card.id)).toEqual([
      '-p', '--output-format=stream-json', '--verbose', '--model=claude-haiku-4-5', '--max-turns=7', '--max-budget-usd=0.5',
      '--permission-mode=default', '--disallowedTools=Edit,Write,NotebookEdit', '--append-system-prompt=Be brief.',
    ]);
    expect(reply.ok).toBe(true);
    expect(fs.existsSync(path.join(run.cwd, 'notes.txt'))).toBe(false);
  });

  it('accepts edits when write is true, and takes the agent model when the card has none', async () => {
    const req = run.request('claude', 'Edit.\n@fake write out/a.txt hello', { card: { write: true }, agent: { model: 'opus' } });
    const reply = await claudeAdapter.run(req);
    expect(run.argv(req.card.id)).toEqual(['-p', '--output-format=stream-json', '--verbose', '--model=opus', '--permission-mode=acceptEdits']);
    expect(reply.ok).toBe(true);
    expect(fs.readFileSync(path.join(run.cwd, 'out/a.txt'), 'utf8')).toBe('hello\n');
  });

  it('reports denied tools and mentions them in the log', async () => {
    const req = run.request('claude', 'Try.\n@fake deny');
    const reply = await claudeAdapter.run(req);
    expect(reply).toMatchObject({ ok: true, permissionDenials: ['Bash'] });
    expect(req.output()).toContain('claude denied 1 tool call(s): Bash');
  });

  it.each([
    ['@fake rate-limit 9', 'rate_limit', /429/],
    ['@fake fail 9', 'agent_error', /500 Internal server error/],
    ['@fake auth', 'auth', /Invalid API key/],
    ['@fake turns 5', 'max_turns', /turn limit/],
  ])('reads %s as %s', async (marker, kind, message) => {
    const req = run.request('claude', `Work.\n${marker}`, { card: { maxTurns: 2 } });
    const reply = await claudeAdapter.run(req);
    expect(reply).toMatchObject({ ok: false, errorKind: kind, exitCode: 1 });
    expect(reply.message).toMatch(message);
  });

  it('reads a spent budget as budget', async () => {
    const reply = await claudeAdapter.run(run.request('claude', 'Work.\n@fake cost 2', { card: { maxCostUsd: 1 } }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'budget', costUsd: 2 });
  });

  it('reads a usage limit with its reset time', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const reply = await claudeAdapter.run(run.request('claude', `Work.\n@fake usage-limit ${reset}`));
    expect(reply).toMatchObject({ ok: false, errorKind: 'usage_limit', retryAt: reset * 1000 });
    expect(reply.message).toMatch(/hit your session limit · resets/);
  });

  it('reads an unknown model as bad_args', async () => {
    const reply = await claudeAdapter.run(run.request('claude', 'Work.', { card: { model: 'no-such-model' } }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'bad_args' });
  });

  it('reads a flag the CLI rejects as bad_args', async () => {
    const reply = await claudeAdapter.run(run.request('claude', 'Work.', { agent: { args: ['--no-such-flag'] } }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'bad_args', exitCode: 1 });
    expect(reply.message).toBe("claude rejected its arguments: error: unknown option '--no-such-flag'");
  });

  it('never takes exit 0 without a result (SIGINT) as success', async () => {
    const reply = await claudeAdapter.run(run.request('claude', 'Work.\n@fake interrupted'));
    expect(reply).toMatchObject({ ok: false, errorKind: 'crash', exitCode: 0 });
  });

  it('fails a successful result with a non-zero exit', async () => {
    const reply = await claudeAdapter.run(run.request('claude', 'Work.\n@fake exit 3'));
    expect(reply).toMatchObject({ ok: false, errorKind: 'exit', exitCode: 3 });
  });

  it('names the missing executable', async () => {
    const empty = path.join(run.cwd, 'empty-bin');
    fs.mkdirSync(empty);
    const reply = await claudeAdapter.run(run.request('claude', 'Work.', { agent: { bin: undefined, env: { PATH: empty } } }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'not_found' });
    expect(reply.message).toBe('agent "claude": executable "claude" not found on PATH — install it or set agents.claude.bin');
  });

  it('gives the card id and attempt to the child', async () => {
    const req = run.request('claude', 'Work.', { card: { id: 'T-07' } });
    const reply = await claudeAdapter.run(req);
    expect(reply.text).toBe('done T-07 attempt 1');
  });

  it('kills the whole process group on timeout, grandchild included', async () => {
    const req = run.request('claude', 'Stuck.\n@fake grandchild\n@fake ignore-term\n@fake hang', { timeoutMs: 500 });
    const reply = await claudeAdapter.run(req);
    expect(reply).toMatchObject({ ok: false, errorKind: 'timeout' });
    const pids = grandchildPids(run.state, req.card.id);
    expect(pids).toHaveLength(1);
    for (const pid of [...pids, ...req.pids]) expect(alive(pid)).toBe(false);
  });

  it('reads silence as a stall', async () => {
    const reply = await claudeAdapter.run(run.request('claude', 'Quiet.\n@fake hang', { stallMs: 300 }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'stall' });
  });
});
