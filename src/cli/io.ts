import { formatDiagnostic, OrchError, sortDiagnostics, type Diagnostic } from '../errors.js';

/** What a command needs from the outside world; tests pass their own. */
export interface Io {
  cwd: string;
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  err: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** `--no-emoji`: plain text everywhere (NO_COLOR and CI do the same). */
  plain?: boolean;
}

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of sortDiagnostics(diagnostics)) io.err.write(`${formatDiagnostic(d)}\n`);
}

/** An OrchError becomes one line and exit code 2; anything else is a bug and is rethrown. */
export function reportError(io: Io, error: unknown): number {
  if (error instanceof OrchError) {
    io.err.write(`${formatDiagnostic(error.toDiagnostic())}\n`);
    return 2;
  }
  throw error;
}

/** No emoji and no colour: `--no-emoji`, NO_COLOR (any value) or CI, as in build logs. */
export function plainText(io: Io): boolean {
  return Boolean(io.plain || io.env.NO_COLOR || io.env.CI || io.env.TERM === 'dumb');
}

export function useColor(io: Io): boolean {
  return Boolean(io.out.isTTY) && !plainText(io);
}

export async function readStdin(io: Io): Promise<string> {
  if (io.stdin.isTTY) return '';
  let text = '';
  for await (const chunk of io.stdin) text += chunk.toString();
  return text;
}
