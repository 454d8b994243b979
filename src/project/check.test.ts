import { describe, expect, it } from 'vitest';
import { parseCard } from '../cards/parse.js';
import { parseConfig } from '../config/parse.js';
import { formatDiagnostic } from '../errors.js';
import { checkProject } from './check.js';

const config = parseConfig('', '.orchestrator/orchestrator.yaml').config;
const card = (id: string, front = '') => parseCard(`---\nid: ${id}\n${front}\n---\nDo it.\n`, `.orchestrator/tasks/${id}.md`).card!;
const lines = (cards: ReturnType<typeof card>[], broken: string[] = []) => checkProject(cards, config, broken).diagnostics.map(formatDiagnostic);

describe('checkProject', () => {
  it('does not report a dep on a card that could not be parsed: that card has its own error', () => {
    expect(lines([card('a', 'deps: [loc]')], ['loc'])).toEqual([]);
  });

  it('still reports a dep that no card has', () => {
    expect(lines([card('a', 'deps: [nope]')])[0]).toContain('error unknown dep "nope"');
  });

  it('rejects command: on a card whose agent is not a command agent', () => {
    expect(lines([card('a', 'agent: claude\ncommand: npm test')])).toEqual([
      '.orchestrator/tasks/a.md:4:1: error command: agent "claude" is a claude agent and would ignore it — set agent: command to run it, or remove command: and say in the body what to do',
    ]);
  });

  it('checks every agent of a fallback list', () => {
    expect(lines([card('a', 'agent: [claude, codx]')])[0]).toContain('error unknown agent "codx" — did you mean "codex"?');
  });

  it('places the "none is final" warning at a leaf and names the leaves', () => {
    expect(lines([card('a'), card('b')])).toEqual([
      '.orchestrator/tasks/a.md:2:1: warning 2 cards end the graph (a, b) and none is final — add a card with final: true that depends on them and merges their results',
    ]);
  });

  it('says nothing about the final card when one exists and every leaf feeds it', () => {
    expect(lines([card('a'), card('b'), card('sum', 'deps: [a, b]\nfinal: true')])).toEqual([]);
  });

  it('leaves the graph warnings out while a card is broken: they could not be right', () => {
    expect(lines([card('a'), card('b')], ['sum'])).toEqual([]);
  });
});
