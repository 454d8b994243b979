/** Every problem orch reports is a Diagnostic: a code, a place, one line of text and a hint. */
export type Severity = 'error' | 'warning';

export type ErrorCode =
  | 'CARD_YAML'
  | 'CARD_ID'
  | 'CARD_DUPLICATE_ID'
  | 'CARD_FIELD'
  | 'CARD_UNKNOWN_FIELD'
  | 'CARD_BODY'
  | 'CARD_ENCODING'
  | 'CARD_DURATION'
  | 'CARD_NOT_FILE'
  | 'CARD_FILE_NAME'
  | 'CARD_OUTPUTS'
  | 'CARD_NONE'
  | 'GRAPH_UNKNOWN_DEP'
  | 'GRAPH_CYCLE'
  | 'GRAPH_UNREACHABLE'
  | 'GRAPH_DANGLING'
  | 'AGENT_UNKNOWN'
  | 'CONFIG_YAML'
  | 'CONFIG_FIELD'
  | 'CONFIG_MISSING'
  | 'STATE_LOCKED'
  | 'STATE_MISSING'
  | 'INIT_EXISTS'
  | 'USAGE'
  | 'IO';

export interface Place {
  file: string;
  line?: number;
  column?: number;
}

export interface Diagnostic {
  code: ErrorCode;
  severity: Severity;
  message: string;
  hint?: string;
  place?: Place;
}

export class OrchError extends Error {
  readonly code: ErrorCode;
  readonly place?: Place;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options: { place?: Place; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OrchError';
    this.code = code;
    if (options.place) this.place = options.place;
    if (options.hint) this.hint = options.hint;
  }

  toDiagnostic(): Diagnostic {
    return diagnostic(this.code, this.message, { place: this.place, hint: this.hint });
  }
}

export function diagnostic(
  code: ErrorCode,
  message: string,
  options: { place?: Place | undefined; hint?: string | undefined; severity?: Severity } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity: options.severity ?? 'error', message };
  if (options.place) d.place = options.place;
  if (options.hint) d.hint = options.hint;
  return d;
}

export function warning(code: ErrorCode, message: string, options: { place?: Place; hint?: string } = {}): Diagnostic {
  return diagnostic(code, message, { ...options, severity: 'warning' });
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Compiler style: `tasks/T-03.md:4:7: error unknown dep "T-9" — did you mean "T-09"?` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.place ? `${[d.place.file, d.place.line, d.place.column].filter((x) => x !== undefined).join(':')}: ` : '';
  return `${where}${d.severity} ${d.message}${d.hint ? ` — ${d.hint}` : ''}`;
}

export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.place?.file ?? '').localeCompare(b.place?.file ?? '') ||
      (a.place?.line ?? 0) - (b.place?.line ?? 0) ||
      (a.place?.column ?? 0) - (b.place?.column ?? 0),
  );
}
