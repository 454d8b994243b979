import { firstLine, list, num, rec, str } from './json-lines.js';

/** One `codex exec --json` event as readable lines; undefined when it is not one. */
export function renderCodexEvent(e: Record<string, unknown>): string[] | undefined {
  const type = str(e.type);
  if (type === 'thread.started' || type === 'turn.started' || type === 'item.started' || type === 'item.updated') return [];
  if (type === 'item.completed') return item(rec(e.item));
  if (type === 'turn.completed') {
    const u = rec(e.usage);
    return [`[turn completed] ${num(u.input_tokens) ?? 0} input tokens (${num(u.cached_input_tokens) ?? 0} cached) · ${num(u.output_tokens) ?? 0} output`];
  }
  if (type === 'turn.failed') return [`[turn failed] ${str(rec(e.error).message) ?? ''}`];
  if (type === 'error') return [`error: ${str(e.message) ?? ''}`];
  return undefined;
}

function item(it: Record<string, unknown>): string[] {
  switch (it.type) {
    case 'agent_message': return [(str(it.text) ?? '').trimEnd()];
    case 'reasoning': return [];
    case 'command_execution': {
      const code = num(it.exit_code);
      const output = str(it.aggregated_output) ?? '';
      const status = code === undefined ? str(it.status) ?? '' : `exit ${code}`;
      const line = [`→ $ ${firstLine(str(it.command) ?? '', 120)}  (${status})`];
      if (code !== 0 && output.trim()) line.push(`  ← ${firstLine(output)}`);
      return line;
    }
    case 'file_change': return [`→ files: ${list(it.changes).map((c) => `${str(rec(c).kind) ?? 'change'} ${str(rec(c).path) ?? ''}`.trim()).join(', ')}`];
    case 'error': return [`error: ${str(it.message) ?? ''}`];
    default: return [`[${str(it.type) ?? 'item'}]`];
  }
}
