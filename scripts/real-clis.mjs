#!/usr/bin/env node
// Run the real `claude`, `codex` and `gemini` CLIs through orch's adapters against loopback stubs of their model
// APIs, to check the adapters' command lines and readings against the real binaries. Not part of
// `npm test`: it downloads the CLIs (hundreds of MB) with npm. Needs a build (`npm run build`).
//
//   node scripts/real-clis.mjs                 install the CLIs into a temp folder, run every case
//   ORCH_CLIS_DIR=/tmp/clis node scripts/…     reuse an existing `npm install --prefix` folder
//   ORCH_DIST=/path/to/dist node scripts/…     adapters from another build
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.ORCH_DIST ?? path.join(repo, 'dist');
if (!fs.existsSync(path.join(dist, 'agents', 'registry.js'))) {
  console.error(`no build at ${dist}: run \`npm run build\` first (or set ORCH_DIST)`);
  process.exit(2);
}
const { adapterFor } = await import(pathToFileURL(path.join(dist, 'agents', 'registry.js')).href);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-real-clis-'));
const clis = process.env.ORCH_CLIS_DIR ?? path.join(tmp, 'clis');
if (!process.env.ORCH_CLIS_DIR) {
  console.log(`installing @anthropic-ai/claude-code, @openai/codex and @google/gemini-cli into ${clis} …`);
  execFileSync('npm', ['install', '--prefix', clis, '--no-audit', '--no-fund', '@anthropic-ai/claude-code', '@openai/codex', '@google/gemini-cli'], { stdio: 'inherit' });
}
const bin = (name) => path.join(clis, 'node_modules', '.bin', name);
const installed = ['claude', 'codex', 'gemini'].filter((name) => fs.existsSync(bin(name)));
for (const name of installed) console.log(`${name}: ${execFileSync(bin(name), ['--version'], { encoding: 'utf8' }).trim()}`);

// The prompt's `MODE:x` picks what the stub answers.
const modeOf = (body) => /MODE:([a-z0-9-]+)/.exec(body)?.[1] ?? 'ok';
const sendError = (res, status, body, headers = {}) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
const sse = (res, events) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const e of events) res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  res.end();
};

/** Anthropic Messages API: errors by status, a text answer, or a Write/Bash tool call then a text answer. */
function anthropic(req, res, body) {
  const mode = modeOf(body);
  const statuses = { 429: 'rate_limit_error', 529: 'overloaded_error', 401: 'authentication_error', 404: 'not_found_error', 500: 'api_error' };
  if (statuses[mode]) return sendError(res, Number(mode), { type: 'error', error: { type: statuses[mode], message: mode === '404' ? 'model: no-such-model' : `stub ${mode}` } });
  if (mode === 'hang') return undefined;
  const model = /"model":"([^"]+)"/.exec(body)?.[1] ?? 'claude-stub';
  const dir = /DIR:([\w./-]+)/.exec(body)?.[1] ?? '.';
  const tools = { write: ['Write', { file_path: path.join(dir, 'stub-written.txt'), content: 'hi\n' }], bash: ['Bash', { command: `touch ${dir}/stub-bash.txt`, description: 'touch' }] };
  const start = { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1 } } };
  const tool = tools[mode] && !body.includes('tool_result') ? tools[mode] : undefined;
  const block = tool
    ? [{ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: tool[0], input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(tool[1]) } }]
    : [{ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello from the stub' } }];
  return sse(res, [start, ...block, { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: 7 } },
    { type: 'message_stop' }]);
}

/** OpenAI Responses API (what codex speaks): errors by status, an answer, or an empty answer. */
function responses(req, res, body) {
  const mode = modeOf(body);
  if (['429', '401', '400', '500'].includes(mode)) {
    const message = { 429: 'Rate limit reached', 401: 'Incorrect API key provided', 400: 'The model `no-such-model` does not exist', 500: 'server error' }[mode];
    return sendError(res, Number(mode), { error: { type: mode === '400' ? 'invalid_request_error' : 'error', message, code: null } });
  }
  if (mode === 'hang') return undefined;
  const text = mode === 'empty' ? '' : 'Hello from the stub';
  return sse(res, [{ type: 'response.created', response: { id: 'resp_1' } },
    { type: 'response.output_item.done', item: { type: 'message', role: 'assistant', id: 'msg_1', content: [{ type: 'output_text', text }] } },
    { type: 'response.completed', response: { id: 'resp_1', usage: { input_tokens: 21, input_tokens_details: { cached_tokens: 3 }, output_tokens: 8, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 29 } } }]);
}

/** Gemini API (generateContent, streamed as SSE): errors by status, or an answer. */
function gemini(req, res, body) {
  const mode = modeOf(body);
  const statuses = { 429: 'RESOURCE_EXHAUSTED', 401: 'UNAUTHENTICATED', 400: 'INVALID_ARGUMENT' };
  if (statuses[mode]) return sendError(res, Number(mode), { error: { code: Number(mode), message: `stub ${mode}`, status: statuses[mode] } });
  if (mode === 'hang') return undefined;
  const chunk = { candidates: [{ content: { parts: [{ text: 'Hello from the stub' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 30, candidatesTokenCount: 6, totalTokenCount: 36 } };
  res.writeHead(200, { 'content-type': req.url.includes('alt=sse') ? 'text/event-stream' : 'application/json' });
  return res.end(req.url.includes('alt=sse') ? `data: ${JSON.stringify(chunk)}\r\n\r\n` : JSON.stringify(chunk));
}

const servers = [];
async function serve(handler) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}
fs.mkdirSync(path.join(tmp, 'codex-home'));
const anthropicUrl = await serve(anthropic);
const openaiUrl = await serve(responses);
const geminiUrl = await serve(gemini);
// gemini-cli reads its auth type from settings; its HOME is a temp folder that selects an API key.
fs.mkdirSync(path.join(tmp, 'gemini-home', '.gemini'), { recursive: true });
fs.writeFileSync(path.join(tmp, 'gemini-home', '.gemini', 'settings.json'), JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }));

const claudeAgent = (args = []) => ({ name: 'claude', use: 'claude', bin: bin('claude'), args, shell: false, hash: '',
  env: { ANTHROPIC_BASE_URL: anthropicUrl, ANTHROPIC_API_KEY: 'sk-stub', CLAUDE_CONFIG_DIR: path.join(tmp, 'claude-config'),
    CLAUDE_CODE_MAX_RETRIES: '0', DISABLE_TELEMETRY: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' } });
const provider = `model_providers.stub={name="stub",base_url="${openaiUrl}/v1",env_key="STUB_KEY",wire_api="responses"}`;
const codexAgent = (args = []) => ({ name: 'codex', use: 'codex', bin: bin('codex'), shell: false, hash: '',
  args: ['-c', 'model_provider=stub', '-c', provider, '-c', 'analytics.enabled=false', '-c', 'check_for_update_on_startup=false', ...args],
  env: { CODEX_HOME: path.join(tmp, 'codex-home'), STUB_KEY: 'sk-stub' } });

// A fixed model: `auto` first asks a router model for a classification the stub does not give.
const geminiAgent = (args = []) => ({ name: 'gemini', use: 'gemini', bin: bin('gemini'), model: 'gemini-2.5-flash', args, shell: false, hash: '',
  env: { HOME: path.join(tmp, 'gemini-home'), GEMINI_API_KEY: 'stub', GOOGLE_GEMINI_BASE_URL: geminiUrl } });

const cases = [
  ['claude', 'ok', {}, claudeAgent(), { ok: true, text: 'Hello from the stub' }],
  ['claude', '429', {}, claudeAgent(), { errorKind: 'rate_limit' }],
  ['claude', '529', {}, claudeAgent(), { errorKind: 'rate_limit' }],
  ['claude', '401', {}, claudeAgent(), { errorKind: 'auth' }],
  ['claude', '404', {}, claudeAgent(), { errorKind: 'bad_args' }],
  ['claude', '500', {}, claudeAgent(), { errorKind: 'agent_error' }],
  ['claude', 'write', { write: false }, claudeAgent(), { ok: true, absent: 'stub-written.txt' }],
  ['claude', 'write', { write: true }, claudeAgent(), { ok: true, present: 'stub-written.txt' }],
  ['claude', 'bash', { write: false }, claudeAgent(), { ok: true, denied: 'Bash', absent: 'stub-bash.txt' }],
  ['claude', 'write', { write: true, maxTurns: 1 }, claudeAgent(), { errorKind: 'max_turns' }],
  ['claude', 'write', { maxCostUsd: 0.0000001 }, claudeAgent(), { errorKind: 'budget' }],
  ['claude', 'ok', {}, claudeAgent(['--no-such-flag']), { errorKind: 'bad_args' }],
  ['claude', 'hang', {}, claudeAgent(), { errorKind: 'timeout' }],
  ['codex', 'ok', {}, codexAgent(), { ok: true, text: 'Hello from the stub' }],
  ['codex', 'empty', {}, codexAgent(), { errorKind: 'agent_error' }],
  ['codex', '429', {}, codexAgent(), { errorKind: 'rate_limit' }],
  ['codex', '401', {}, codexAgent(), { errorKind: 'auth' }],
  ['codex', '400', {}, codexAgent(), { errorKind: 'bad_args' }],
  ['codex', 'ok', {}, codexAgent(['--full-auto']), { errorKind: 'bad_args' }],
  ['codex', 'hang', {}, codexAgent(), { errorKind: 'timeout' }],
  ['gemini', 'ok', {}, geminiAgent(), { ok: true, text: 'Hello from the stub' }],
  ['gemini', '401', {}, geminiAgent(), { errorKind: 'auth' }],
  ['gemini', '400', {}, geminiAgent(), { errorKind: 'bad_args' }],
  ['gemini', 'ok', {}, geminiAgent(['--no-such-flag']), { errorKind: 'bad_args' }],
  ['gemini', 'hang', {}, geminiAgent(), { errorKind: 'timeout' }],
].filter(([use]) => installed.includes(use));

let failures = 0;
for (const [use, mode, card, agent, want] of cases) {
  const cwd = fs.mkdtempSync(path.join(tmp, `${use}-${mode}-`));
  const id = `${use}-${mode}`;
  const started = Date.now();
  const reply = await adapterFor(use).run({
    card: { id, title: id, deps: [], inputs: [], outputs: [], writes: [], write: false, priority: 0, final: false, report: true, body: '', file: '', lines: {}, hash: '', ...card },
    agent, attempt: 1, prompt: `Say hello. MODE:${mode} DIR:${cwd}`, promptFile: path.join(cwd, 'prompt.md'), resultFile: path.join(cwd, 'result.md'),
    orchDir: cwd, cwd, timeoutMs: mode === 'hang' ? 8_000 : 120_000, stallMs: 120_000, signal: new AbortController().signal,
    log: () => {}, onSpawn: () => {},
  });
  const problems = [];
  if (reply.ok !== (want.ok ?? false)) problems.push(`ok=${reply.ok}`);
  if (want.errorKind && reply.errorKind !== want.errorKind) problems.push(`errorKind=${reply.errorKind}`);
  if (want.text && reply.text !== want.text) problems.push(`text=${JSON.stringify(reply.text)}`);
  if (want.present && !fs.existsSync(path.join(cwd, want.present))) problems.push(`${want.present} missing`);
  if (want.absent && fs.existsSync(path.join(cwd, want.absent))) problems.push(`${want.absent} written`);
  if (want.denied && !reply.permissionDenials?.includes(want.denied)) problems.push(`denials=${reply.permissionDenials}`);
  failures += problems.length ? 1 : 0;
  const spent = [reply.costUsd !== undefined ? `$${reply.costUsd}` : '', reply.tokens ? `${reply.tokens.input}/${reply.tokens.output} tokens` : ''].filter(Boolean).join(', ');
  const summary = `${reply.ok ? 'ok' : reply.errorKind}${spent ? ` (${spent})` : ''}${reply.message ? ` — ${reply.message}` : ''}`;
  console.log(`${problems.length ? 'FAIL' : 'pass'} ${use} ${mode} ${JSON.stringify(card)} (${Date.now() - started} ms): ${summary}${problems.length ? `  [${problems.join(', ')}]` : ''}`);
}
for (const server of servers) server.close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(failures ? `${failures} case(s) failed` : 'all cases passed');
process.exit(failures ? 1 : 0);
