import { describe, expect, it } from 'vitest';
import { fakeRun } from '../../test/fakes/attempt.js';
import { claudeArgs } from './claude.js';
import { codexAdapter, codexArgs } from './codex.js';
import { geminiAdapter, geminiArgs } from './gemini.js';

describe('values orch puts on an agent command line', () => {
  const run = fakeRun();

  it.each([
    ['codex', (model: string) => codexArgs(run.request('codex', 'x', { card: { model } }), '/tmp/last')],
    ['gemini', (model: string) => geminiArgs(run.request('gemini', 'x', { card: { model } }))],
    ['claude', (model: string) => claudeArgs(run.request('claude', 'x', { card: { model } }))],
  ])('never become flags for %s: model "--yolo" is one word --model=--yolo', (_name, args) => {
    const argv = args('--yolo');
    expect(argv).toContain('--model=--yolo');
    expect(argv).not.toContain('--yolo');
    expect(argv).not.toContain('-m');
  });

  it('passes codex its paths joined to their flags', () => {
    const req = run.request('codex', 'x');
    const argv = codexArgs(req, '-o-file');
    expect(argv).toContain('--output-last-message=-o-file');
    expect(argv).toContain(`--cd=${req.cwd}`);
  });

  it('runs the fake codex and gemini with model "--yolo" and they see it as the model', async () => {
    for (const [adapter, use] of [[codexAdapter, 'codex'], [geminiAdapter, 'gemini']] as const) {
      const req = run.request(use, 'Work.', { card: { model: '--yolo' } });
      await adapter.run(req);
      const argv = run.argv(req.card.id);
      expect(argv).toContain('--model=--yolo');
      expect(argv).not.toContain('--yolo');
    }
  });
});
