import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, tempProject, until } from '../helpers.js';

type Text = { content: Array<{ type: string; text: string }>; isError?: boolean; structuredContent?: Record<string, unknown> };

const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => {});
});

type Message = { id?: number; method?: string; params?: { progress?: number; total?: number } };

async function connect(cwd: string, env: NodeJS.ProcessEnv): Promise<{ client: Client; transport: StdioClientTransport; stderr: () => string; received: Message[] }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], cwd, env: env as Record<string, string>, stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (d) => (err += d));
  // every message as it comes off the wire, in order: the SDK client hands progress to `onprogress`
  // a microtask late, and drops it when the response came in the same read (typescript-sdk #2580)
  const received: Message[] = [];
  transport.onmessage = (m) => void received.push(m as Message);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, transport, stderr: () => err, received };
}

const progressOf = (received: Message[]) => received.filter((m) => m.method === 'notifications/progress').map((m) => m.params!);

const call = async (client: Client, name: string, args: Record<string, unknown> = {}, options = {}) =>
  (await client.callTool({ name, arguments: args }, undefined, options)) as Text;
const text = (r: Text) => r.content.map((c) => c.text).join('\n');

describe('orch mcp', () => {
  it('lists exactly its eight tools in under 6,000 characters', async () => {
    const p = tempProject();
    const { client } = await connect(p.root, p.env);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['add_card', 'logs', 'report', 'reset', 'run', 'status', 'validate', 'wait']);
    const size = JSON.stringify({ tools }).length;
    expect(size).toBeLessThan(6000);
  });

  it('adds cards, validates, runs, waits with progress, and serves the report and cards as resources', async () => {
    const p = tempProject();
    const { client, received } = await connect(p.root, p.env);
    expect(text(await call(client, 'add_card', { id: 'a', body: 'Do a.\n@fake sleep 200' }))).toContain('wrote .orchestrator/tasks/a');
    expect((await call(client, 'add_card', { id: 'b', deps: ['a'], body: 'Do b.' })).isError).toBeFalsy();
    const valid = await call(client, 'validate');
    expect(valid.structuredContent).toMatchObject({ valid: true, cards: 2 });
    const run = await call(client, 'run');
    expect(run.isError, text(run)).toBeFalsy();
    const again = await call(client, 'run');
    expect(again.isError).toBe(true);
    expect(text(again)).toMatch(/^error another run holds \.orchestrator \(pid \d+\)/);
    let waited: Text;
    do waited = await call(client, 'wait', { timeoutSeconds: 20 }, { onprogress: () => {} });
    while (waited.structuredContent?.running);
    expect(waited.structuredContent).toMatchObject({ state: 'ended', exitCode: 0, running: false });
    expect(progressOf(received).at(-1)).toMatchObject({ progress: 2, total: 2 });
    const report = await client.readResource({ uri: 'orch://report' });
    expect(String(report.contents[0]!.text)).toContain('## b');
    const card = await client.readResource({ uri: 'orch://cards/b' });
    expect(String(card.contents[0]!.text)).toContain('done b attempt 1');
    const status = await call(client, 'status');
    expect(status.structuredContent?.counts).toMatchObject({ done: 2 });
    const reset = await call(client, 'reset', { ids: ['a'] });
    expect(text(reset)).toBe('reset 2 card(s): a, b');
    expect(p.exists('.orchestrator/results/a.md')).toBe(false);
  });

  it('sends a progress notification even when the run ended before the wait began', async () => {
    const p = tempProject();
    p.card('a', '');
    const { client, received } = await connect(p.root, p.env);
    expect((await call(client, 'run')).isError).toBeFalsy();
    await until('the run ends and lets go of the lock', () => p.events().some((e) => e.type === 'run-ended') && !p.exists('.orchestrator/run.lock'));
    const before = received.length;
    const waited = await call(client, 'wait', { timeoutSeconds: 20 }, { onprogress: () => {} });
    expect(waited.structuredContent).toMatchObject({ state: 'ended', exitCode: 0, running: false });
    const during = received.slice(before);
    expect(progressOf(during)).toEqual([expect.objectContaining({ progress: 1, total: 1 })]);
    // sent before the answer, on the same request's token
    expect(during.findIndex((m) => m.method === 'notifications/progress')).toBeLessThan(during.findIndex((m) => m.id !== undefined && !m.method));
  });

  it('answers bad input with one-line tool errors and keeps serving', async () => {
    const p = tempProject();
    p.card('a', '');
    const { client } = await connect(p.root, p.env);
    const unknownArg = await call(client, 'status', { verbose: true });
    expect(unknownArg.isError).toBe(true);
    const noLog = await call(client, 'logs', { id: 'nope' });
    expect(noLog.isError).toBe(true);
    expect(text(noLog)).toBe('error unknown card "nope" — see status for the ids');
    const dup = await call(client, 'add_card', { id: 'a', body: 'again' });
    expect(dup.isError).toBe(true);
    expect(text(dup).split('\n')).toHaveLength(1);
    expect((await call(client, 'validate')).isError).toBeFalsy();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-mcp-'));
    const other = await connect(empty, p.env);
    const missing = await call(other.client, 'status');
    expect(missing.isError).toBe(true);
    expect(text(missing).split('\n')).toHaveLength(1);
  });

  it('exits cleanly when its client goes away in the middle of a wait', async () => {
    const p = tempProject();
    p.card('slow', '', 'Slow.\n@fake sleep 3000');
    const { client, transport, stderr } = await connect(p.root, p.env);
    await call(client, 'run');
    const pid = transport.pid!;
    void call(client, 'wait', { timeoutSeconds: 30 }).catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    await client.close();
    await until('the server exits', () => { try { process.kill(pid, 0); return false; } catch { return true; } });
    expect(stderr()).not.toMatch(/Error|at .*\.js:\d+/);
  });
});

describe('orch skill install --mcp', () => {
  it('prints the MCP configuration, and with --mcp writes .mcp.json and the Codex table once', () => {
    const p = tempProject();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-home-'));
    const env = { HOME: home, CODEX_HOME: path.join(home, '.codex') };
    const plain = p.orch(['skill', 'install'], { env });
    expect(plain.stdout).toContain('claude mcp add orch -- orch mcp');
    expect(p.exists('.mcp.json')).toBe(false);
    const first = p.orch(['skill', 'install', '--mcp'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(p.read('.mcp.json'))).toEqual({ mcpServers: { orch: { command: 'orch', args: ['mcp'] } } });
    const toml = fs.readFileSync(path.join(home, '.codex', 'config.toml'), 'utf8');
    expect(toml).toBe('[mcp_servers.orch]\ncommand = "orch"\nargs = ["mcp"]\n');
    const second = p.orch(['skill', 'install', '--mcp'], { env });
    expect(second.stdout).toContain(`keep ${path.join(home, '.codex', 'config.toml')}`);
    expect(fs.readFileSync(path.join(home, '.codex', 'config.toml'), 'utf8')).toBe(toml);
  });
});
