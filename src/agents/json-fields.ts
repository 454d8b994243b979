/** Reading untyped JSON (agent CLI output) without `any`: parse leniently, then pick typed fields. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every line of `text` that is a JSON object; other lines (warnings, partial writes) are skipped. */
export function jsonLines(text: string): JsonObject[] {
  const out: JsonObject[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    const value = parseJson(trimmed);
    if (isObject(value)) out.push(value);
  }
  return out;
}

/** The last JSON object in `text` that starts at the beginning of a line and runs to its last `}`. */
export function lastJsonObject(text: string): JsonObject | undefined {
  const end = text.lastIndexOf('}');
  for (let i = text.lastIndexOf('{', end); i >= 0; i = i > 0 ? text.lastIndexOf('{', i - 1) : -1) {
    if (i > 0 && text[i - 1] !== '\n') continue;
    const value = parseJson(text.slice(i, end + 1));
    if (isObject(value)) return value;
  }
  return undefined;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function str(o: unknown, key: string): string | undefined {
  const v = isObject(o) ? o[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

export function num(o: unknown, key: string): number | undefined {
  const v = isObject(o) ? o[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function obj(o: unknown, key: string): JsonObject | undefined {
  const v = isObject(o) ? o[key] : undefined;
  return isObject(v) ? v : undefined;
}

export function list(o: unknown, key: string): unknown[] {
  const v = isObject(o) ? o[key] : undefined;
  return Array.isArray(v) ? v : [];
}
