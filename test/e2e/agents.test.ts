import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKES, git, tempProject } from '../helpers.js';

/** orchestrator.yaml with every adapter pointed at a fake or a loopback server. */
function agentsConfig(endpoint: string, extra = ''): string {
  return [
    'concurrency: 4',
    'defaults: { agent: claude, retries: 2, timeout: 20s }',
    'backoff: { initial: 10ms, factor: 2, max: 50ms }',
    `${extra}agents:`,
    `  claude: { use: claude, bin: "${FAKES}/claude", model: claude-sonnet-4-5 }`,
    `  codex: { use: codex, bin: "${FAKES}/codex" }`,
    `  gemini: { use: gemini, bin: "${FAKES}/gemini" }`,
    `  local: { use: openai, endpoint: "${endpoint}", model: tiny }`,
    '  missing: { use: claude, bin: no-such-claude-binary }',
    '',
  ].join('\n');
}

let server: http.Server;
let endpoint = '';
let calls = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      calls += 1;
      const prompt = (JSON.parse(body) as { messages: Array<{ content: string }> }).messages[0]!.content;
      if (prompt.includes('please rate limit me') && calls === 1) {
        res.writeHead(429, { 'content-type': 'application/json' }).end('{"error":{"message":"slow down"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: `local answer to: ${prompt.split('\n')[0]}` } }], usage: { prompt_tokens: 11, completion_tokens: 7 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('orch run with the agent CLIs', () => {
  it('runs claude, codex, gemini and an OpenAI-compatible endpoint, and records their results, cost and tokens', async () => {
    const p = tempProject(agentsConfig(endpoint));
    git(p.root, 'init', '-q');
    p.card('review', 'agent: claude', 'Review.\n@fake output # Review\n@fake output looks fine');
    p.card('codex-card', 'agent: codex', 'Summarise.\n@fake output codex says hi');
    p.card('gemini-card', 'agent: gemini', 'Translate.\n@fake output hallo');
    p.card('local-card', 'agent: local', 'Answer briefly, please rate limit me.');
    p.card('merge', 'deps: [review, codex-card, gemini-card, local-card]\nfinal: true\nagent: claude', 'Merge.\n@fake output merged');
    const r = await p.orchAsync(['run']);
    expect(r.code, r.output).toBe(0);
    expect(p.read('.orchestrator/results/review.md')).toContain('looks fine');
    expect(p.read('.orchestrator/results/codex-card.md')).toContain('codex says hi');
    expect(p.read('.orchestrator/results/gemini-card.md')).toContain('hallo');
    expect(p.read('.orchestrator/results/local-card.md')).toContain('local answer to: Answer briefly');
    const prompt = p.read('.orchestrator/logs/prompts/merge.1.md');
    for (const text of ['looks fine', 'codex says hi', 'hallo', 'local answer']) expect(prompt).toContain(text);
    const status = JSON.parse(p.orch(['status', '--json']).stdout) as { costUsd: number; tokens: { input: number; output: number }; cards: Array<{ id: string; attempts: number }> };
    expect(status.costUsd).toBeCloseTo(0.0246, 4);
    expect(status.tokens.input).toBeGreaterThan(0);
    expect(status.cards.find((c) => c.id === 'local-card')!.attempts).toBe(2);
    const report = p.read('.orchestrator/report.md');
    expect(report.indexOf('merged')).toBeLessThan(report.indexOf('## review'));
  });

  it('halves an agent after a rate limit, retries, and finishes', () => {
    const p = tempProject(agentsConfig(endpoint));
    for (const id of ['a', 'b', 'c', 'd']) p.card(id, 'agent: claude', `Work.\n${id === 'a' ? '@fake rate-limit 1\n' : ''}@fake sleep 100`);
    const r = p.orch(['run']);
    expect(r.code, r.stderr).toBe(0);
    const throttled = p.events().filter((e) => e.type === 'agent-throttled');
    expect(throttled[0]).toMatchObject({ agent: 'claude', limit: 2, reason: 'rate limited', card: 'a' });
    expect(p.events().find((e) => e.card === 'a' && e.to === 'retrying')).toMatchObject({ errorKind: 'rate_limit' });
  });

  it('pauses an agent until its usage limit resets, without spending the retries', () => {
    const p = tempProject(agentsConfig(endpoint));
    const resetsAt = Math.ceil(Date.now() / 1000) + 2;
    p.card('quota', 'agent: claude\nretries: 0', `Work.\n@fake usage-limit ${resetsAt}`);
    const r = p.orch(['run']);
    expect(r.code, r.stderr).toBe(0);
    const retry = p.events().find((e) => e.card === 'quota' && e.to === 'retrying')!;
    expect(retry.errorKind).toBe('usage_limit');
    expect(Number(retry.retryAt)).toBeGreaterThanOrEqual(resetsAt * 1000 - 60_000);
    expect(p.events().filter((e) => e.card === 'quota' && e.to === 'running')).toHaveLength(2);
  });

  it('fails at once, without retrying, when the agent binary is missing or the key is refused', () => {
    const p = tempProject(agentsConfig(endpoint));
    p.card('nobin', 'agent: missing\nretries: 3');
    p.card('noauth', 'agent: claude\nretries: 3', 'Work.\n@fake auth');
    p.card('fine', 'agent: claude');
    const r = p.orch(['run']);
    expect(r.code).toBe(1);
    const failed = Object.fromEntries(p.events().filter((e) => e.to === 'failed').map((e) => [e.card, e]));
    expect(failed.nobin).toMatchObject({ errorKind: 'not_found', message: 'agent "missing": executable "no-such-claude-binary" not found on PATH — install it or set agents.missing.bin' });
    expect(failed.noauth).toMatchObject({ errorKind: 'auth' });
    expect(p.events().filter((e) => e.to === 'running' && (e.card === 'nobin' || e.card === 'noauth'))).toHaveLength(2);
    expect(p.exists('.orchestrator/results/fine.md')).toBe(true);
  });

  it('never takes a claude run that printed no result (as on SIGINT) for a success', () => {
    const p = tempProject(agentsConfig(endpoint));
    p.card('cut', 'agent: claude\nretries: 0', 'Work.\n@fake interrupted');
    expect(p.orch(['run']).code).toBe(1);
    expect(p.exists('.orchestrator/results/cut.md')).toBe(false);
  });

  it('fails a claude card whose write was denied and whose declared output is missing', () => {
    const p = tempProject(agentsConfig(endpoint));
    p.card('reader', 'agent: claude\nretries: 0\nwrite: false\noutputs: [out.txt]', 'Write it.\n@fake write out.txt hi');
    p.card('writer', 'agent: claude\nretries: 0\noutputs: [out2.txt]', 'Write it.\n@fake write out2.txt hi');
    // write: false with outputs can never succeed: validate says so before anything runs.
    const refused = p.orch(['run']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('.orchestrator/tasks/reader.md:5:1: error write: false, yet the card has outputs');
    p.card('reader', 'agent: claude\nretries: 0\nwrite: false\nverify: test -f out.txt', 'Write it.\n@fake write out.txt hi');
    expect(p.orch(['run']).code).toBe(1);
    expect(p.exists('out.txt')).toBe(false);
    expect(p.read('out2.txt')).toBe('hi\n');
  });
});
