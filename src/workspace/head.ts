import fs from 'node:fs';
import path from 'node:path';

/** Where a repository's files are: the work tree's own git dir (a linked worktree has one) and the shared one. */
export interface GitDirs {
  gitDir: string;
  commonDir: string;
}

/** How many symbolic refs are followed (git itself stops at 5). */
const MAX_DEPTH = 5;
const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A git dir has a HEAD; one without is not a repository, and git looks further up. */
function dirsOf(gitDir: string): GitDirs | undefined {
  if (readText(path.join(gitDir, 'HEAD')) === undefined) return undefined;
  const common = readText(path.join(gitDir, 'commondir'))?.trim();
  return { gitDir, commonDir: common ? path.resolve(gitDir, common) : gitDir };
}

/**
 * The repository holding `start`, found as git finds it, from the files alone: `$GIT_DIR`, else a
 * `.git` folder (or a `.git` file saying `gitdir: …`, as in a linked worktree) here or in a parent.
 */
export function findGitDirs(start: string, env: NodeJS.ProcessEnv = process.env): GitDirs | undefined {
  if (env.GIT_DIR) return dirsOf(path.resolve(start, env.GIT_DIR));
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const stat = fs.statSync(dotGit, { throwIfNoEntry: false });
    let found: GitDirs | undefined;
    if (stat?.isDirectory()) found = dirsOf(dotGit);
    else if (stat?.isFile()) {
      const target = /^gitdir: *(.+)$/m.exec(readText(dotGit) ?? '')?.[1]?.trim();
      if (target) found = dirsOf(path.resolve(dir, target));
    }
    if (found) return found;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** A ref's object id: a loose ref (HEAD in the work tree's git dir, the rest shared), else packed-refs. */
function resolveRef(dirs: GitDirs, name: string, depth: number): string | undefined {
  const loose = (readText(path.join(dirs.gitDir, name)) ?? readText(path.join(dirs.commonDir, name)))?.trim();
  if (loose !== undefined) {
    if (OBJECT_ID.test(loose)) return loose;
    const target = /^ref: *(\S+)$/.exec(loose)?.[1];
    return target && depth < MAX_DEPTH ? resolveRef(dirs, target, depth + 1) : undefined;
  }
  for (const line of (readText(path.join(dirs.commonDir, 'packed-refs')) ?? '').split('\n')) {
    const [id, ref] = line.trim().split(' ');
    if (ref === name && id && OBJECT_ID.test(id)) return id;
  }
  return undefined;
}

/**
 * Does `root`'s repository have a commit at HEAD? `true` or `false` from its files; `'unknown'` for
 * a repository whose refs are not files (the reftable format), which only git can answer.
 */
export function headHasCommit(root: string, env: NodeJS.ProcessEnv = process.env): boolean | 'unknown' {
  const dirs = findGitDirs(root, env);
  if (!dirs) return false;
  if (fs.existsSync(path.join(dirs.commonDir, 'reftable'))) return 'unknown';
  return resolveRef(dirs, 'HEAD', 0) !== undefined;
}
