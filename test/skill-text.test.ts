import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

const skill = fs.readFileSync(path.join(REPO, 'skill', 'SKILL.md'), 'utf8');
const docs = ['README.md', 'docs/skill.md', 'skill/SKILL.md'].map((f) => [f, fs.readFileSync(path.join(REPO, f), 'utf8')] as const);

describe('the skill and the install docs', () => {
  it.each(docs)('%s never tells anyone to install or npx an unpublished name', (_file, text) => {
    const lines = text.split('\n').filter((l) => /npx orch|npm install (-g |--global |--save-dev )?orch\b(?!-dag)/.test(l));
    expect(lines.filter((l) => !/[Nn]ever run|Do not|never runs/.test(l))).toEqual([]);
  });

  it('finds the project install or the PATH, and otherwise says how to install', () => {
    expect(skill).toContain('./node_modules/.bin/orch');
    expect(skill).toMatch(/npm install -g \.|npm pack/);
  });

  it('sets up with orch init --bare, not rm of the sample card', () => {
    expect(skill).toContain('orch init --bare');
    expect(skill).not.toMatch(/\brm\b .*T-01-example/);
  });

  it('tells an agent inside a card not to use orch', () => {
    expect(skill).toMatch(/ORCH_TASK_ID.*(do not|must not) use orch/s);
  });

  it('has a Claude Code path and a Codex path within 30 s yields', () => {
    expect(skill).toMatch(/\*\*Claude Code\.\*\*[\s\S]*run_in_background/);
    expect(skill).toMatch(/\*\*Codex\.\*\*[\s\S]*foreground[\s\S]*orch wait --timeout 25s/);
    expect(skill).toMatch(/MCP/);
  });
});
