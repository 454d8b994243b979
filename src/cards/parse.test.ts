import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../errors.js';
import { parseCard } from './parse.js';

const file = '.orchestrator/tasks/T-03.md';
const lines = (result: ReturnType<typeof parseCard>) => result.diagnostics.map(formatDiagnostic);

describe('parseCard', () => {
  it('reads every field and takes the title from the first heading', () => {
    const { card, diagnostics } = parseCard(
      ['---', 'id: T-03', 'deps: [T-01, T-02]', 'agent: haiku', 'outputs: [reports/sec.json]', 'timeout: 5m', 'stall: 90s', 'estimate: 2m', 'retries: 1', 'priority: 2', 'final: true', '---', '# Security scan', '', 'Scan it.'].join('\n'),
      file,
    );
    expect(diagnostics).toEqual([]);
    expect(card).toMatchObject({
      id: 'T-03', title: 'Security scan', deps: ['T-01', 'T-02'], agent: 'haiku', outputs: ['reports/sec.json'],
      write: true, timeoutMs: 300_000, stallMs: 90_000, estimateMs: 120_000, retries: 1, priority: 2, final: true, report: true,
    });
    expect(card?.lines.deps).toBe(3);
  });

  it('defaults write to false without outputs or writes, and the title to the id without a heading', () => {
    const { card } = parseCard('---\nid: A\n---\nDo it.\n', file);
    expect(card).toMatchObject({ title: 'A', write: false, deps: [], priority: 0, final: false });
  });

  it.each([
    ['a YAML syntax error, with its line', '---\nid: T-03\ndeps: [T-01\ntitle: x\n---\nbody\n', `${file}:4:1: error bad YAML`],
    ['a missing id', '---\ntitle: x\n---\nbody\n', `${file}:1:1: error missing id — add \`id: T-01\` to the front matter`],
    ['an invalid id', '---\nid: "T 03/x"\n---\nbody\n', `${file}:2:5: error id: invalid id "T 03/x"`],
    ['a bad duration', '---\nid: T-03\ntimeout: 5 minutes\n---\nbody\n', `${file}:3:10: error timeout: bad duration "5 minutes" — use 500ms, 30s, 5m, 1h or a number of seconds`],
    ['an empty body', '---\nid: T-03\n---\n\n', `${file}:4:1: error empty body`],
    ['no front matter', '# Just markdown\n', `${file}:1:1: error no front matter`],
    ['an unclosed front matter', '---\nid: T-03\nbody\n', `${file}:1:1: error front matter is not closed`],
    ['a field of the wrong type', '---\nid: T-03\ndeps: {a: 1}\n---\nbody\n', `${file}:3:7: error deps: expected a list of text`],
  ])('reports %s', (_name, text, expected) => {
    const result = parseCard(text, file);
    expect(result.card).toBeUndefined();
    expect(lines(result).some((l) => l.startsWith(expected))).toBe(true);
  });

  it('rejects an unknown field and names the field meant', () => {
    const result = parseCard('---\nid: T-03\ndependencies: [T-01]\n---\nbody\n', file);
    expect(result.card).toBeUndefined();
    expect(result.id).toBe('T-03');
    expect(lines(result)).toEqual([`${file}:3:1: error unknown field "dependencies" — did you mean "deps"? (your own fields start with "x-")`]);
  });

  it('suggests the nearest field for a typo', () => {
    expect(lines(parseCard('---\nid: T-03\ntimout: 5m\n---\nbody\n', file))[0]).toContain('did you mean "timeout"?');
  });

  it('hashes cards by content', () => {
    const a = parseCard('---\nid: A\n---\nOne.\n', file).card!;
    const b = parseCard('---\nid: A\n---\nOne.\n', 'other.md').card!;
    const c = parseCard('---\nid: A\n---\nTwo.\n', file).card!;
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });
});
