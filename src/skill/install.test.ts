import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSkillDir, installSkill, type InstallSkillOptions } from './install.js';

let tmp: string;
let skillDir: string;
let base: InstallSkillOptions;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-skill-'));
  skillDir = path.join(tmp, 'skill');
  write(skillDir, 'SKILL.md', '---\nname: orch\ndescription: test\n---\n# orch\n');
  write(skillDir, 'reference/cards.md', '# Cards\n');
  base = {
    skillDir, claude: true, codex: true, scope: 'project',
    projectRoot: path.join(tmp, 'project'), home: path.join(tmp, 'home'), dryRun: false,
  };
});

afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

function read(dir: string, rel: string): string {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}

describe('installSkill', () => {
  it('creates the skill folder for Claude Code and Codex in the project', () => {
    const { actions } = installSkill(base);
    const claude = path.join(tmp, 'project/.claude/skills/orch');
    const codex = path.join(tmp, 'project/.agents/skills/orch');
    expect(actions).toEqual([{ target: claude, action: 'create' }, { target: codex, action: 'create' }]);
    for (const dir of [claude, codex]) {
      expect(read(dir, 'SKILL.md')).toContain('name: orch');
      expect(read(dir, 'reference/cards.md')).toBe('# Cards\n');
    }
  });

  it('installs under the home folder for user scope', () => {
    const { actions } = installSkill({ ...base, scope: 'user' });
    expect(actions.map((a) => a.target)).toEqual([
      path.join(tmp, 'home/.claude/skills/orch'),
      path.join(tmp, 'home/.agents/skills/orch'),
    ]);
    expect(fs.existsSync(path.join(tmp, 'project'))).toBe(false);
  });

  it.each([
    ['claude', { claude: true, codex: false }, '.claude/skills/orch'],
    ['codex', { claude: false, codex: true }, '.agents/skills/orch'],
  ])('installs for %s alone when only it is chosen', (_tool, tools, folder) => {
    const { actions } = installSkill({ ...base, ...tools });
    expect(actions).toEqual([{ target: path.join(tmp, 'project', folder), action: 'create' }]);
  });

  it('reports unchanged on a second run and writes nothing', () => {
    installSkill(base);
    const file = path.join(tmp, 'project/.claude/skills/orch/SKILL.md');
    fs.utimesSync(file, new Date(0), new Date(0));
    const { actions } = installSkill(base);
    expect(actions.map((a) => a.action)).toEqual(['unchanged', 'unchanged']);
    expect(fs.statSync(file).mtimeMs).toBe(0);
  });

  it('updates changed files and removes files the skill no longer has', () => {
    installSkill(base);
    write(skillDir, 'SKILL.md', '---\nname: orch\ndescription: newer\n---\n');
    fs.rmSync(path.join(skillDir, 'reference'), { recursive: true });
    const target = path.join(tmp, 'project/.claude/skills/orch');
    write(target, '.keep', 'left alone');
    const { actions } = installSkill({ ...base, codex: false });
    expect(actions).toEqual([{ target, action: 'update' }]);
    expect(read(target, 'SKILL.md')).toContain('newer');
    expect(fs.existsSync(path.join(target, 'reference'))).toBe(false);
    expect(read(target, '.keep')).toBe('left alone');
  });

  it('writes nothing on a dry run, yet reports what it would do', () => {
    const { actions } = installSkill({ ...base, dryRun: true });
    expect(actions.map((a) => a.action)).toEqual(['create', 'create']);
    expect(fs.existsSync(path.join(tmp, 'project'))).toBe(false);

    installSkill(base);
    write(skillDir, 'reference/cards.md', '# Cards, edited\n');
    const again = installSkill({ ...base, dryRun: true });
    expect(again.actions.map((a) => a.action)).toEqual(['update', 'update']);
    expect(read(path.join(tmp, 'project/.claude/skills/orch'), 'reference/cards.md')).toBe('# Cards\n');
  });

  it('does nothing when no tool is chosen', () => {
    expect(installSkill({ ...base, claude: false, codex: false }).actions).toEqual([]);
  });

  it('refuses a skill folder without SKILL.md', () => {
    fs.rmSync(path.join(skillDir, 'SKILL.md'));
    expect(() => installSkill(base)).toThrow(/no SKILL\.md/);
  });
});

describe('findSkillDir', () => {
  it('finds the packaged skill folder with its SKILL.md', () => {
    const dir = findSkillDir();
    expect(path.basename(dir)).toBe('skill');
    expect(fs.existsSync(path.join(dir, 'SKILL.md'))).toBe(true);
  });
});
