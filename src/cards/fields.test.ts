import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../util/package-root.js';
import { CARD_FIELDS, FIELD_ALIASES, renderFieldTable } from './fields.js';
import { FIELD_FLAGS, frontMatterFromFlags } from './flags.js';

const START = '<!-- fields: generated from src/cards/fields.ts -->';
const END = '<!-- /fields -->';

describe('the field table', () => {
  it('is what skill/reference/cards.md shows (ORCH_WRITE_DOCS=1 rewrites it)', () => {
    const file = path.join(packageRoot(), 'skill/reference/cards.md');
    const text = fs.readFileSync(file, 'utf8');
    const [head, rest] = text.split(START);
    const tail = rest?.split(END)[1];
    expect(head && tail !== undefined).toBe(true);
    const expected = `${head}${START}\n${renderFieldTable()}\n${END}${tail}`;
    if (process.env.ORCH_WRITE_DOCS === '1') fs.writeFileSync(file, expected);
    expect(text).toBe(expected);
  });

  it('gives every field but id an orch add flag', () => {
    expect(FIELD_FLAGS.map((f) => f.field)).toEqual(CARD_FIELDS.filter((f) => f !== 'id'));
    expect(FIELD_FLAGS.find((f) => f.field === 'maxTurns')?.flags).toBe('--max-turns <n>');
    expect(FIELD_FLAGS.find((f) => f.field === 'final')?.flags).toBe('--final [bool]');
    expect(FIELD_FLAGS.find((f) => f.field === 'workspace')?.flags).toBe('--workspace <worktree|project|auto>');
  });

  it('turns flag values into typed front matter', () => {
    expect(frontMatterFromFlags({ deps: 'a, b', final: true, report: 'false', retries: '1', agent: 'claude,codex', timeout: '2m' }))
      .toEqual({ deps: ['a', 'b'], final: true, report: false, retries: 1, agent: ['claude', 'codex'], timeout: '2m' });
  });

  it('maps the names people reach for to fields', () => {
    expect(FIELD_ALIASES.dependson).toBe('deps');
    expect(FIELD_ALIASES.depends_on).toBe('deps');
  });
});
