import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeRun } from '../../test/fakes/attempt.js';
import { chatUrl, openaiAdapter } from './openai.js';

/** A chat-completions stub: the model name picks the answer. */
const seen: Array<{ url: string; auth: string | undefined; body: Record<string, unknown> }> = [];
const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => { raw += c.toString(); });
  req.on('end', () => {
    const body = JSON.parse(raw) as Record<string, unknown>;
    seen.push({ url: req.url ?? '', auth: req.headers.authorization, body });
    const model = String(body.model);
    const error = (status: number, message: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message } }));
    if (model === 'limited') return error(429, 'Rate limit reached');
    if (model === 'broken') return error(500, 'internal error');
    if (model === 'busy') return error(503, 'model is loading');
    if (model === 'missing') return error(404, 'model "missing" not found');
    if (model === 'secret') return error(401, 'invalid api key');
    if (model === 'hang') return; // never answers
    if (model === 'drip') { res.writeHead(200, { 'content-type': 'application/json' }); res.write('{"choices":'); return; }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      choices: [{ index: 0, message: { role: 'assistant', content: `echo: ${(body.messages as Array<{ content: string }>)[0]?.content}` }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
    }));
  });
});
let endpoint = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});
afterAll(() => { server.closeAllConnections(); server.close(); });

const run = fakeRun();
const ask = (model: string, opts: Parameters<typeof run.request>[2] = {}) =>
  run.request('openai', 'Say hi.', { ...opts, agent: { endpoint, model, ...opts.agent } });

describe('openai adapter', () => {
  it('posts the prompt and returns the reply and tokens', async () => {
    const req = ask('qwen2.5-coder:7b', { agent: { temperature: 0.2, maxTokens: 256 } });
    const reply = await openaiAdapter.run(req);
    expect(reply).toEqual({ ok: true, text: 'echo: Say hi.', tokens: { input: 11, output: 7 } });
    expect(seen.at(-1)).toMatchObject({ url: '/v1/chat/completions', auth: undefined,
      body: { model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'Say hi.' }], temperature: 0.2, max_tokens: 256 } });
    expect(req.pids).toEqual([]);
    expect(req.output()).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions model=qwen2.5-coder:7b prompt=7 chars\nHTTP 200\n/);
  });

  it('sends the key named by apiKeyEnv, and fails permanently when it is unset', async () => {
    process.env.ORCH_TEST_KEY = 'sk-test';
    await openaiAdapter.run(ask('m', { agent: { apiKeyEnv: 'ORCH_TEST_KEY' } }));
    expect(seen.at(-1)?.auth).toBe('Bearer sk-test');
    const reply = await openaiAdapter.run(ask('m', { agent: { apiKeyEnv: 'ORCH_NO_SUCH_KEY' } }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'auth' });
    expect(reply.message).toContain('ORCH_NO_SUCH_KEY');
  });

  it.each([
    ['limited', 'rate_limit'], ['busy', 'rate_limit'], ['broken', 'agent_error'], ['missing', 'bad_args'], ['secret', 'auth'],
  ])('reads the answer for model %s as %s', async (model, kind) => {
    const reply = await openaiAdapter.run(ask(model));
    expect(reply).toMatchObject({ ok: false, errorKind: kind });
    expect(reply.message).toMatch(/^HTTP \d{3} from http/);
  });

  it('times out a server that never answers', async () => {
    const reply = await openaiAdapter.run(ask('hang', { timeoutMs: 300 }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'timeout' });
  });

  it('reads a body that stops arriving as a stall', async () => {
    const reply = await openaiAdapter.run(ask('drip', { stallMs: 300 }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'stall' });
  });

  it('stops at once when the run is interrupted', async () => {
    const controller = new AbortController();
    const pending = openaiAdapter.run(ask('hang', { signal: controller.signal }));
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, errorKind: 'interrupted' });
  });

  it('fails with config when the endpoint or model is missing', async () => {
    expect(await openaiAdapter.run(run.request('openai', 'x', { agent: { model: 'm' } }))).toMatchObject({ errorKind: 'config' });
    expect(await openaiAdapter.run(run.request('openai', 'x', { agent: { endpoint } }))).toMatchObject({ errorKind: 'config' });
    expect(chatUrl('ftp://host/v1')).toBeUndefined();
  });

  it('reads a refused connection as a retryable error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const reply = await openaiAdapter.run(run.request('openai', 'x', { agent: { endpoint: `http://127.0.0.1:${port}/v1`, model: 'm' } }));
    expect(reply).toMatchObject({ ok: false, errorKind: 'agent_error' });
    expect(reply.message).toMatch(/ECONNREFUSED/);
  });
});
