/**
 * The most informative line of a failed process's output, for a failure's one-line message: the
 * first line that looks like an error or a failed test, else the last non-empty line that is not
 * timing or progress. Pure.
 */
export function summaryLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => stripAnsi(l).trim()).filter(Boolean);
  const cause = lines.find((l) => ERROR.test(l) && !NOISE.test(l));
  if (cause) return cause.slice(0, 300);
  const last = [...lines].reverse().find((l) => !NOISE.test(l));
  return (last ?? '').slice(0, 300);
}

const ERROR = new RegExp([
  String.raw`^not ok\b`, String.raw`\b\w*Error\b[:\s]`, String.raw`^Error\b`, String.raw`\bFAIL(ED)?\b`, String.raw`\berror\b`,
  '[✗✘×✖]', 'AssertionError', 'Traceback', String.raw`\bpanicked\b`, String.raw`\bException\b`, String.raw`\bfatal\b`,
  String.raw`command not found`, String.raw`No such file or directory`, String.raw`\bcannot\b`,
].join('|'), 'i');

/** Lines that are timing, counts or progress: never the summary. */
const NOISE = new RegExp([
  String.raw`^#\s*(duration|time|tests|suites|pass|fail|cancelled|skipped|todo)\w*\b`, String.raw`^ok \d+\b`,
  String.raw`^\d+(\.\d+)?\s*%`, String.raw`\b\d+(\.\d+)?%\s*$`, String.raw`^\[?\s*\d+\s*/\s*\d+\s*\]?\s*$`,
  String.raw`^(real|user|sys)\s+\d`, String.raw`^(done|finished)?\s*in\s+\d+(\.\d+)?\s*m?s\b`, String.raw`^[=\-#*.\s]+$`,
  String.raw`^\d+ (passing|pending|failing)\b(?!.*[1-9]\d* failing)`, String.raw`^(Tests|Test Files|Duration|Start at)\s`,
  String.raw`^\[orch\]`,
].join('|'), 'i');

function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
