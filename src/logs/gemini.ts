import { num, rec, str } from './json-lines.js';

/** `gemini -o json`'s one document ({response, stats} or {error}) as readable lines; undefined when it is not one. */
export function renderGeminiDocument(e: Record<string, unknown>): string[] | undefined {
  if (!('response' in e) && !('error' in e && 'session_id' in e)) return undefined;
  const out: string[] = [];
  if (str(e.response)) out.push(str(e.response)!.trimEnd());
  const error = rec(e.error);
  if (str(error.message)) out.push(`error${num(error.code) ? ` ${num(error.code)}` : ''}: ${str(error.message)}`);
  const models = rec(rec(e.stats).models);
  const tokens = Object.values(models).map((m) => rec(rec(m).tokens));
  if (tokens.length) {
    const sum = (k: string) => tokens.reduce((a, t) => a + (num(t[k]) ?? 0), 0);
    out.push(`[stats] ${sum('prompt')} input tokens · ${sum('candidates')} output`);
  }
  return out;
}
