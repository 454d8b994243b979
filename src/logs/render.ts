import { renderClaudeEvent } from './claude.js';
import { renderCodexEvent } from './codex.js';
import { renderGeminiDocument } from './gemini.js';
import { splitLog } from './json-lines.js';

/**
 * An attempt's log as a person reads it: claude stream-json, codex JSON lines and gemini JSON become
 * the assistant's text, one line per tool call or command, errors and the final result; any other
 * line is kept as written. A log with no such JSON comes back unchanged.
 */
export function renderLog(log: string): string {
  const chunks = splitLog(log);
  let rendered = false;
  const out: string[] = [];
  for (const chunk of chunks) {
    if (chunk.json === undefined) { out.push(chunk.text); continue; }
    const lines = renderClaudeEvent(chunk.json) ?? renderCodexEvent(chunk.json) ?? renderGeminiDocument(chunk.json);
    if (lines === undefined) { out.push(chunk.text); continue; }
    rendered = true;
    out.push(...lines);
  }
  return rendered ? out.join('\n') : log;
}
