import { OrchError, formatDiagnostic } from '../errors.js';

/** What a tool returns: text for the model, and structured data where a client can use it. */
export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export function ok(text: string, structured?: Record<string, unknown>): ToolResult {
  return structured ? { content: [{ type: 'text', text }], structuredContent: structured } : { content: [{ type: 'text', text }] };
}

/** A tool error: the same one line the CLI prints. */
export function fail(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Run a tool body; an OrchError (bad input, no folder, a run holding the lock) becomes a one-line tool error. */
export async function guarded(body: () => Promise<ToolResult> | ToolResult): Promise<ToolResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof OrchError) return fail(formatDiagnostic(error.toDiagnostic()));
    const e = error as NodeJS.ErrnoException;
    return fail(`orch: ${e.code ? `${e.code} ` : ''}${e.message.split('\n')[0]}`);
  }
}

/** The last `max` bytes of a text, said so when cut. */
export function tailOf(text: string, max: number): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= max) return text;
  return `[… ${bytes.length - max} earlier bytes left out]\n${bytes.subarray(bytes.length - max).toString('utf8')}`;
}
