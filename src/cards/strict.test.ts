import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../errors.js';
import { parseCard } from './parse.js';

const file = '.orchestrator/tasks/c.md';
const card = (...front: string[]) => ['---', 'id: c', ...front, '---', 'Do it.', ''].join('\n');

describe('strict card input', () => {
  it.each([
    ['an unknown field, with the field meant', card('dependson: [lint]'), 'CARD_UNKNOWN_FIELD', 3, 'error unknown field "dependson" — did you mean "deps"?'],
    ['a typo of a new field', card('workspce: project'), 'CARD_UNKNOWN_FIELD', 3, 'error unknown field "workspce" — did you mean "workspace"?'],
    ['a workspace that is not one of the three', card('workspace: tmp'), 'CARD_FIELD', 3, 'error workspace: expected one of worktree, project, auto, got "tmp"'],
    ['an onConflict that is not redo or fail', card('onConflict: merge'), 'CARD_FIELD', 3, 'error onConflict: expected one of redo, fail, got "merge"'],
    ['always given as text', card("always: 'yes'"), 'CARD_FIELD', 3, 'error always: expected true or false, got "yes"'],
    ['approve given as a number', card('approve: 1'), 'CARD_FIELD', 3, 'error approve: expected true or false, got 1'],
    ['a format other than markdown or text', card('format: html'), 'CARD_FIELD', 3, 'error format: expected one of markdown, text, got "html"'],
    ['an agent list holding a map', card('agent: [claude, {a: 1}]'), 'CARD_FIELD', 3, 'error agent: expected an agent name or a list of names'],
    ['the id .inf', '---\nid: .inf\n---\nDo it.\n', 'CARD_ID', 2, 'error id: invalid id ".inf"'],
    ['write: false with outputs', card('write: false', 'outputs: [out.txt]'), 'CARD_FIELD', 3, 'error write: false, yet the card has outputs'],
    ['write: false with writes', card('writes: [src/**]', 'write: false'), 'CARD_FIELD', 4, 'error write: false, yet the card has writes'],
    ['an output inside .orchestrator/', card("outputs: ['.orchestrator/**']"), 'CARD_OUTPUTS', 3, `error outputs: ".orchestrator/**" can only match orch's own files in .orchestrator/`],
    ['an output under **/.orchestrator', card("outputs: ['**/.orchestrator/logs/x']"), 'CARD_OUTPUTS', 3, 'error outputs: "**/.orchestrator/logs/x" can only match'],
    ['an absolute output', card("outputs: ['/**/*.x']"), 'CARD_OUTPUTS', 3, 'error outputs: "/**/*.x" is an absolute path'],
    ['an output leaving the project', card('outputs: [../x]'), 'CARD_OUTPUTS', 3, 'error outputs: "../x" leaves the project'],
    ['an output leaving it after a folder', card('outputs: [a/../../x]'), 'CARD_OUTPUTS', 3, 'error outputs: "a/../../x" leaves the project'],
    ['a timeout longer than a timer holds', card('timeout: 1000h'), 'CARD_DURATION', 3, 'error timeout: "1000h" is longer than a timer can hold (24.8 days) — use at most 596h'],
    ['a stall longer than a timer holds', card('stall: 2147484s'), 'CARD_DURATION', 3, 'error stall: "2147484s" is longer than a timer can hold'],
    ['a model that reads as a flag', card('model: --yolo'), 'CARD_FIELD', 3, 'error model: "--yolo" would be read as a command-line option'],
    ['a model that reads as a short flag', card("model: '-m'"), 'CARD_FIELD', 3, 'error model: "-m" would be read as a command-line option'],
  ])('rejects %s', (_name, text, code, line, message) => {
    const result = parseCard(text, file);
    expect(result.card).toBeUndefined();
    const d = result.diagnostics.find((x) => x.severity === 'error')!;
    expect(d.code).toBe(code);
    expect(d.place?.line).toBe(line);
    expect(formatDiagnostic(d)).toContain(`${file}:${line}:`);
    expect(formatDiagnostic(d)).toContain(message);
  });

  it.each([
    ['1.50', '1.50'], ['"1.50"', '1.50'], ['007', '007'], ['1e3', '1e3'], ['T-01', 'T-01'],
  ])('keeps the id %s as the text %s', (written, id) => {
    expect(parseCard(`---\nid: ${written}\n---\nDo it.\n`, file).card?.id).toBe(id);
  });

  it('keeps deps as written too', () => {
    expect(parseCard(card('deps: [1.50, 2.0]'), file).card?.deps).toEqual(['1.50', '2.0']);
  });

  it('reads the new fields', () => {
    const { card: c, diagnostics } = parseCard(card('workspace: worktree', 'onConflict: fail', 'always: true', 'approve: true', 'format: text'), file);
    expect(diagnostics).toEqual([]);
    expect(c).toMatchObject({ workspace: 'worktree', onConflict: 'fail', always: true, approve: true, format: 'text' });
  });

  it('reads an agent list: agent is the first, agents the whole list', () => {
    const { card: c } = parseCard(card('agent: [claude, codex]'), file);
    expect(c).toMatchObject({ agent: 'claude', agents: ['claude', 'codex'] });
    expect(parseCard(card('agent: codex'), file).card).toMatchObject({ agent: 'codex', agents: ['codex'] });
    expect(parseCard(card(), file).card?.agents).toEqual([]);
  });

  it('keeps x- fields as the user wrote them, without a diagnostic', () => {
    const { card: c, diagnostics } = parseCard(card('x-owner: ana', 'x-ticket: 42'), file);
    expect(diagnostics).toEqual([]);
    expect(c?.extra).toEqual({ 'x-owner': 'ana', 'x-ticket': 42 });
  });

  it('allows a long estimate: it is never a timer', () => {
    expect(parseCard(card('estimate: 1000h'), file).card?.estimateMs).toBe(3_600_000_000);
  });

  it('still gives the id of a card whose front matter does not parse', () => {
    const result = parseCard('---\nid: loc\ndeps: [a\n---\nDo it.\n', file);
    expect(result.card).toBeUndefined();
    expect(result.id).toBe('loc');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['CARD_YAML']);
  });

  it('never evaluates front matter in another language', () => {
    const result = parseCard("---js\n{ id: (globalThis.pwned = 1, 'a') }\n---\nDo it.\n", file);
    expect(result.card).toBeUndefined();
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  it('counts lines from the file for a CRLF card', () => {
    const result = parseCard('---\r\nid: c\r\ntimout: 5m\r\n---\r\nDo it.\r\n', file);
    expect(result.diagnostics[0]?.place?.line).toBe(3);
  });
});

describe('text as written', () => {
  it('reads a folded plain title as YAML does, and a numeric one as written', () => {
    expect(parseCard(card('title: Fix the\n  bug'), file).card?.title).toBe('Fix the bug');
    expect(parseCard(card('title: 1.50'), file).card?.title).toBe('1.50');
  });
});
