import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeRun } from '../../test/fakes/attempt.js';
import { geminiAdapter, readGeminiOutput } from './gemini.js';

const run = fakeRun();

describe('gemini adapter', () => {
  it('returns the response and tokens, the prompt read from stdin', async () => {
    const req = run.request('gemini', 'Explain.\n@fake output it works');
    const reply = await geminiAdapter.run(req);
    expect(reply).toMatchObject({ ok: true, text: 'it works', tokens: { input: 30, output: 6 }, exitCode: 0 });
  });

  it('maps write and model to its flags', async () => {
    const ro = run.request('gemini', 'Look.\n@fake write a.txt x', { card: { model: 'gemini-2.5-flash' } });
    expect((await geminiAdapter.run(ro)).ok).toBe(true);
    expect(run.argv(ro.card.id)).toEqual(['-p', '', '--output-format=json', '--approval-mode=default', '--skip-trust', '--model=gemini-2.5-flash']);
    expect(fs.existsSync(path.join(run.cwd, 'a.txt'))).toBe(false);
    const rw = run.request('gemini', 'Edit.\n@fake write b.txt y', { card: { write: true } });
    expect((await geminiAdapter.run(rw)).ok).toBe(true);
    expect(run.argv(rw.card.id)).toEqual(['-p', '', '--output-format=json', '--approval-mode=auto_edit', '--skip-trust']);
    expect(fs.readFileSync(path.join(run.cwd, 'b.txt'), 'utf8')).toBe('y\n');
  });

  it.each([
    ['@fake rate-limit 9', 'rate_limit', 173],
    ['@fake auth', 'auth', 41],
    ['@fake fail 9', 'agent_error', 1],
  ])('reads %s as %s', async (marker, kind, exitCode) => {
    const reply = await geminiAdapter.run(run.request('gemini', `Work.\n${marker}`));
    expect(reply).toMatchObject({ ok: false, errorKind: kind, exitCode });
  });

  it('reads an unknown flag as bad_args', async () => {
    const reply = await geminiAdapter.run(run.request('gemini', 'Work.', { agent: { args: ['--no-such-flag'] } }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'bad_args', exitCode: 1 });
  });

  it.each([
    [42, 'bad_args'], [53, 'max_turns'], [55, 'config'],
  ])('reads exit %i as %s', (exitCode, kind) => {
    const stderr = `{\n  "session_id": "s",\n  "error": {\n    "type": "Error",\n    "message": "boom",\n    "code": ${exitCode}\n  }\n}\n`;
    expect(readGeminiOutput({ exitCode, signal: null, stdout: '', stderr })).toMatchObject({ ok: false, errorKind: kind, message: 'boom' });
  });

  it('reads an API error carried in the message by its HTTP status', () => {
    const message = JSON.stringify({ error: { code: 400, message: 'models/x is not found', status: 'INVALID_ARGUMENT' } });
    const stderr = `Error when talking to Gemini API\n${JSON.stringify({ session_id: 's', error: { type: 'Error', message, code: 400 } }, null, 2)}\n`;
    expect(readGeminiOutput({ exitCode: 144, signal: null, stdout: '', stderr })).toMatchObject({ ok: false, errorKind: 'bad_args' });
  });

  it('never takes exit 0 without a JSON result as success', () => {
    expect(readGeminiOutput({ exitCode: 0, signal: null, stdout: '', stderr: '' })).toMatchObject({ ok: false, errorKind: 'crash' });
  });
});
