/** A log split into JSON values and the text between them: one JSON object a line, or a pretty-printed one (gemini). */
export type Chunk = { json: Record<string, unknown>; text: string } | { text: string; json?: undefined };

export function splitLog(log: string): Chunk[] {
  const lines = log.split('\n');
  const chunks: Chunk[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('{')) {
      const one = parseObject(line);
      if (one) { chunks.push({ json: one, text: line }); continue; }
      // a pretty-printed object ends at the first line that is a lone `}`
      const end = lines.indexOf('}', i + 1);
      const text = end > i ? lines.slice(i, end + 1).join('\n') : '';
      const block = text ? parseObject(text) : undefined;
      if (block) { chunks.push({ json: block, text }); i = end; continue; }
    }
    chunks.push({ text: line });
  }
  return chunks;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The first non-empty line, cut to `max` characters. */
export function firstLine(text: string, max = 100): string {
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
