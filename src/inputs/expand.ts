import path from 'node:path';
import { globSync } from 'tinyglobby';

/** Folders no glob walks into unless it names them: orch's own state, dependencies, git's store. */
const SKIPPED = ['.orchestrator', 'node_modules', '.git'] as const;

export interface Expanded {
  /** Matched files, relative to the root, with `/`, sorted. */
  files: string[];
  /** Patterns not expanded: absolute, or leaving the project. */
  outside: string[];
}

/** Whether a pattern stays inside the project: not absolute, no `..` that climbs out of it. */
export function insideProject(pattern: string): boolean {
  if (path.isAbsolute(pattern) || /^[A-Za-z]:[\\/]/.test(pattern)) return false;
  const normal = path.posix.normalize(pattern.replace(/\\/g, '/'));
  return normal !== '..' && !normal.startsWith('../');
}

/** The skipped folders a pattern names explicitly (`.orchestrator/results/*.md`, `node_modules/x/**`). */
function named(pattern: string): Set<string> {
  const segments = pattern.split('/');
  return new Set(SKIPPED.filter((dir) => segments.includes(dir)));
}

/**
 * Expand globs from the project root with tinyglobby: files only, dot files included, symlinked
 * folders not entered, `.orchestrator/`, `node_modules/` and `.git/` skipped unless the pattern
 * names them, and nothing outside the project (absolute or `../` patterns are returned as `outside`).
 */
export function expandGlobs(root: string, patterns: readonly string[], options: { never?: readonly string[] } = {}): Expanded {
  const files = new Set<string>();
  const outside: string[] = [];
  for (const pattern of patterns) {
    if (!insideProject(pattern)) {
      outside.push(pattern);
      continue;
    }
    const keep = named(pattern);
    const ignore = [
      ...SKIPPED.filter((dir) => !keep.has(dir)).flatMap((dir) => (dir === '.orchestrator' ? [`${dir}/**`] : [`**/${dir}/**`])),
      ...(options.never ?? []),
    ];
    for (const file of globSync(pattern, { cwd: root, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore, expandDirectories: true })) {
      files.add(file);
    }
  }
  return { files: [...files].sort(), outside };
}
