import { firstLine, list, num, rec, str } from './json-lines.js';

/** One stream-json event of `claude -p --output-format=stream-json --verbose` as readable lines; undefined when it is not one. */
export function renderClaudeEvent(e: Record<string, unknown>): string[] | undefined {
  const type = str(e.type);
  if (type === 'system') {
    if (e.subtype === 'init') return [`[claude] ${str(e.model) ?? ''} · ${str(e.permissionMode) ?? 'default'} permissions · cwd ${str(e.cwd) ?? '?'}`];
    if (e.subtype === 'api_retry') return [`[claude] API error ${num(e.error_status) ?? ''}: retry ${num(e.attempt) ?? '?'} of ${num(e.max_retries) ?? '?'} in ${Math.round((num(e.retry_delay_ms) ?? 0) / 1000)}s`];
    return [];
  }
  if (type === 'assistant' || type === 'user') return content(rec(e.message).content, str(e.error));
  if (type === 'rate_limit_event') {
    const info = rec(e.rate_limit_info);
    const resets = num(info.resetsAt);
    return info.status === 'rejected' ? [`[claude] usage limit reached${resets ? `, resets ${new Date(resets * 1000).toISOString()}` : ''}`] : [];
  }
  if (type === 'result') return result(e);
  if (type === 'stream_event') return [];
  return undefined;
}

function content(items: unknown, error: string | undefined): string[] {
  const out: string[] = [];
  for (const raw of list(items)) {
    const item = rec(raw);
    if (item.type === 'text' && str(item.text)) out.push(`${error ? `error (${error}): ` : ''}${str(item.text)!.trimEnd()}`);
    else if (item.type === 'tool_use') out.push(`→ ${str(item.name) ?? 'tool'}: ${toolInput(rec(item.input))}`);
    else if (item.type === 'tool_result') out.push(toolResult(item));
  }
  return out;
}

/** The one argument that says what a tool call does. */
function toolInput(input: Record<string, unknown>): string {
  for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt']) {
    const value = str(input[key]);
    if (value) return firstLine(value, 120);
  }
  return firstLine(JSON.stringify(input), 120);
}

function toolResult(item: Record<string, unknown>): string {
  const text = typeof item.content === 'string' ? item.content : list(item.content).map((c) => str(rec(c).text) ?? '').join('\n');
  const lines = text.split('\n').filter((l) => l.trim()).length;
  const head = firstLine(text, 100);
  return `  ← ${item.is_error ? 'error: ' : ''}${head || '(no output)'}${lines > 1 ? ` (${lines} lines)` : ''}`;
}

function result(e: Record<string, unknown>): string[] {
  const parts = [str(e.subtype) ?? 'result'];
  if (e.is_error) parts.push('error');
  const status = num(e.api_error_status);
  if (status) parts.push(`API ${status}`);
  const turns = num(e.num_turns);
  if (turns !== undefined) parts.push(`${turns} turn${turns === 1 ? '' : 's'}`);
  const ms = num(e.duration_ms);
  if (ms !== undefined) parts.push(`${(ms / 1000).toFixed(1)}s`);
  const cost = num(e.total_cost_usd);
  if (cost !== undefined) parts.push(`$${cost.toFixed(4)}`);
  const denials = list(e.permission_denials).map((d) => str(rec(d).tool_name)).filter(Boolean);
  if (denials.length) parts.push(`denied: ${denials.join(', ')}`);
  const out = [`[result] ${parts.join(' · ')}`];
  for (const error of list(e.errors)) if (str(error)) out.push(`error: ${str(error)}`);
  return out;
}
