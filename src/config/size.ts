/** Sizes in orchestrator.yaml: a number of bytes, or `512kb`, `10mb`, `1gb` (powers of 1024). */
const UNITS: Record<string, number> = { b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)?\s*$/i.exec(value);
  if (!match) return undefined;
  const bytes = Math.round(Number(match[1]) * (UNITS[(match[2] || 'b').toLowerCase()] ?? 1));
  return bytes > 0 ? bytes : undefined;
}
