import { describe, expect, it } from 'vitest';
import { renderLog } from './render.js';

const j = (...events: object[]) => `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
const init = { type: 'system', subtype: 'init', cwd: '/p', session_id: 's', model: 'claude-sonnet-4-5', permissionMode: 'acceptEdits', tools: ['Bash'] };
const assistant = (...content: object[]) => ({ type: 'assistant', session_id: 's', message: { role: 'assistant', content } });
const user = (...content: object[]) => ({ type: 'user', session_id: 's', message: { role: 'user', content } });
const result = (fields: object = {}) => ({ type: 'result', subtype: 'success', is_error: false, api_error_status: null, duration_ms: 1234, num_turns: 2, total_cost_usd: 0.0123, permission_denials: [], result: 'all good', ...fields });

describe('renderLog', () => {
  it.each([
    ['claude: the init line, the text and the result line, without the raw JSON',
      j(init, assistant({ type: 'text', text: 'all good' }), result()),
      ['[claude] claude-sonnet-4-5 · acceptEdits permissions · cwd /p', 'all good', '[result] success · 2 turns · 1.2s · $0.0123']],
    ['claude: a tool call on one line and its result summarised',
      j(assistant({ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'npm test', description: 'run the tests' } }),
        user({ type: 'tool_result', tool_use_id: 't1', content: '> orch@0.1.0 test\nok 1\nok 2', is_error: false })),
      ['→ Bash: npm test', '  ← > orch@0.1.0 test (3 lines)']],
    ['claude: a failed tool result and a file tool',
      j(assistant({ type: 'tool_use', id: 't2', name: 'Read', input: { file_path: 'src/a.ts' } }),
        user({ type: 'tool_result', tool_use_id: 't2', content: [{ type: 'text', text: 'File does not exist.' }], is_error: true })),
      ['→ Read: src/a.ts', '  ← error: File does not exist.']],
    ['claude: an API error as the fake and the real CLI print it',
      j({ type: 'assistant', session_id: 's', error: 'server_error', message: { model: '<synthetic>', content: [{ type: 'text', text: 'API Error: 500 Internal server error.' }] } },
        result({ is_error: true, api_error_status: 500, num_turns: 1, total_cost_usd: 0, terminal_reason: 'api_error' })),
      ['error (server_error): API Error: 500 Internal server error.', '[result] success · error · API 500 · 1 turn · 1.2s · $0.0000']],
    ['claude: max turns and denied tools',
      j(result({ subtype: 'error_max_turns', is_error: true, result: undefined, num_turns: 31, permission_denials: [{ tool_name: 'Write' }] })),
      ['[result] error_max_turns · error · 31 turns · 1.2s · $0.0123 · denied: Write']],
    ['claude: an API retry',
      j({ type: 'system', subtype: 'api_retry', attempt: 2, max_retries: 10, retry_delay_ms: 4000, error_status: 529 }),
      ['[claude] API error 529: retry 2 of 10 in 4s']],
    ['codex: the message, one line per command, the usage',
      j({ type: 'thread.started', thread_id: 't' }, { type: 'turn.started' },
        { type: 'item.started', item: { id: 'i1', type: 'command_execution', command: 'bash -lc ls', status: 'in_progress' } },
        { type: 'item.completed', item: { id: 'i1', type: 'command_execution', command: 'bash -lc ls', aggregated_output: 'a\nb\n', exit_code: 0, status: 'completed' } },
        { type: 'item.completed', item: { id: 'i2', type: 'command_execution', command: "bash -lc 'cat > x'", aggregated_output: 'bash: x: Read-only file system\n', exit_code: 1, status: 'failed' } },
        { type: 'item.completed', item: { id: 'i3', type: 'agent_message', text: 'done' } },
        { type: 'turn.completed', usage: { input_tokens: 200, cached_input_tokens: 50, output_tokens: 40, reasoning_output_tokens: 10 } }),
      ['→ $ bash -lc ls  (exit 0)', "→ $ bash -lc 'cat > x'  (exit 1)", '  ← bash: x: Read-only file system', 'done', '[turn completed] 200 input tokens (50 cached) · 40 output']],
    ['codex: a failed turn',
      j({ type: 'error', message: 'exceeded retry limit, last status: 429 Too Many Requests' }, { type: 'turn.failed', error: { message: 'exceeded retry limit' } }),
      ['error: exceeded retry limit, last status: 429 Too Many Requests', '[turn failed] exceeded retry limit']],
    ['gemini: the pretty-printed document',
      `${JSON.stringify({ session_id: 's', response: 'done g', stats: { models: { 'gemini-2.5-pro': { tokens: { prompt: 30, candidates: 6 } } } } }, null, 2)}\n`,
      ['done g', '[stats] 30 input tokens · 6 output']],
    ['gemini: an error on stderr among other lines',
      `Loaded cached credentials.\n${JSON.stringify({ session_id: 's', error: { type: 'Error', message: 'quota exceeded', code: 429 } }, null, 2)}\n`,
      ['Loaded cached credentials.', 'error 429: quota exceeded']],
    ['orch\'s own notes and stderr lines stay as written',
      `${j(init)}\n[orch] claude denied 1 tool call(s): Bash\n`,
      ['[claude] claude-sonnet-4-5 · acceptEdits permissions · cwd /p', '', '[orch] claude denied 1 tool call(s): Bash']],
  ])('%s', (_name, log, lines) => {
    expect(renderLog(log).trimEnd().split('\n')).toEqual(lines);
  });

  it.each([
    ['plain text', '  1 package.json\n\tat foo (x.js:1:2)\n'],
    ['JSON that is no agent\'s', '{"level":"info","msg":"hi"}\n'],
    ['an empty log', ''],
  ])('leaves %s unchanged', (_name, log) => {
    expect(renderLog(log)).toBe(log);
  });
});
