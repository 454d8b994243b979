import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAtomic } from '../state/atomic.js';
import { OrchError } from '../errors.js';

/** The folder name the skill is installed under; SKILL.md's `name` matches it. */
export const SKILL_NAME = 'orch';

export type SkillTool = 'claude' | 'codex';

/** Where each tool loads skills from, under the project root (project scope) or the home folder (user scope). */
export const SKILL_FOLDERS: Record<SkillTool, string> = {
  claude: '.claude/skills',
  codex: '.agents/skills',
};

export interface InstallSkillOptions {
  /** The packaged skill folder: SKILL.md and its reference files. */
  skillDir: string;
  claude: boolean;
  codex: boolean;
  scope: 'project' | 'user';
  projectRoot: string;
  home: string;
  /** Report what would change and write nothing. */
  dryRun: boolean;
}

export interface InstallAction {
  /** The installed skill folder, e.g. `<root>/.claude/skills/orch`. */
  target: string;
  action: 'create' | 'update' | 'unchanged';
}

/**
 * Copy the skill folder into each chosen tool's skills folder. The target becomes an exact copy:
 * changed files are rewritten, files the skill no longer has are removed, and a second run
 * with nothing new reports `unchanged` and writes nothing.
 */
export function installSkill(options: InstallSkillOptions): { actions: InstallAction[] } {
  const files = readSkillFiles(options.skillDir);
  const base = options.scope === 'user' ? options.home : options.projectRoot;
  const tools = (['claude', 'codex'] as const).filter((tool) => options[tool]);
  const actions: InstallAction[] = [];
  for (const tool of tools) {
    const target = path.resolve(base, SKILL_FOLDERS[tool], SKILL_NAME);
    const change = diffTarget(files, target, options.skillDir);
    const action = !change.exists ? 'create' : change.write.length || change.remove.length ? 'update' : 'unchanged';
    if (!options.dryRun && action !== 'unchanged') applyChange(files, target, change);
    actions.push({ target, action });
  }
  return { actions };
}

/** The packaged `skill/` folder: two levels up from this module (`dist/skill/install.js` → `skill/`). */
export function findSkillDir(): string {
  return fileURLToPath(new URL('../../skill', import.meta.url));
}

/** Every regular file under `dir` (dot-files skipped), keyed by its `/`-separated relative path. */
function readSkillFiles(dir: string): Map<string, Buffer> {
  if (!fs.existsSync(path.join(dir, 'SKILL.md'))) {
    throw new OrchError('IO', `no SKILL.md in ${dir}`, { hint: 'reinstall orch: its skill/ folder is missing or incomplete' });
  }
  const files = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, child);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() || (entry.isSymbolicLink() && fs.statSync(full).isFile())) files.set(child, fs.readFileSync(full));
    }
  };
  walk('');
  return files;
}

interface TargetChange {
  exists: boolean;
  write: string[];
  remove: string[];
}

function diffTarget(files: Map<string, Buffer>, target: string, source: string): TargetChange {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return { exists: false, write: [...files.keys()], remove: [] };
  }
  if (!stat.isDirectory()) {
    throw new OrchError('IO', `${target} exists and is not a folder`, { hint: 'move it away, then install again' });
  }
  // Installing onto the source itself (a symlinked skills folder) changes nothing.
  if (fs.realpathSync(target) === fs.realpathSync(source)) return { exists: true, write: [], remove: [] };
  const write = [...files].filter(([rel, bytes]) => !sameBytes(path.join(target, rel), bytes)).map(([rel]) => rel);
  const remove = listFiles(target).filter((rel) => !files.has(rel));
  return { exists: true, write, remove };
}

function applyChange(files: Map<string, Buffer>, target: string, change: TargetChange): void {
  for (const rel of change.write) {
    const file = path.join(target, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeAtomic(file, files.get(rel) ?? Buffer.alloc(0));
  }
  for (const rel of change.remove) {
    fs.rmSync(path.join(target, rel), { force: true });
    removeEmptyParents(path.dirname(path.join(target, rel)), target);
  }
}

function sameBytes(file: string, bytes: Buffer): boolean {
  try {
    return fs.readFileSync(file).equals(bytes);
  } catch {
    return false;
  }
}

/** Files under `dir`; dot-files are left alone, as the skill has none. */
function listFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [];
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, child) : [child];
  });
}

function removeEmptyParents(dir: string, stop: string): void {
  for (let current = dir; current.startsWith(stop) && current !== stop; current = path.dirname(current)) {
    if (fs.readdirSync(current).length) return;
    fs.rmdirSync(current);
  }
}
