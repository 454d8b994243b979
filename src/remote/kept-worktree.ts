import fs from 'node:fs';

/**
 * A job's worktree kept on purpose carries a note beside it, `<worktree>.kept`: written before a
 * writing card's work is committed and pushed, removed once the push went through. A worktree
 * with a note is never cleaned up: its work may exist nowhere else (a push that failed, a worker
 * killed mid-push).
 */
export const keptNote = (dir: string): string => `${dir}.kept`;

export function markKept(dir: string, why: string): void {
  fs.writeFileSync(keptNote(dir), `${why}\n`);
}

export function unmarkKept(dir: string): void {
  fs.rmSync(keptNote(dir), { force: true });
}

/** The note's first line, or undefined when the worktree is not kept. */
export function keptWhy(dir: string): string | undefined {
  try {
    return fs.readFileSync(keptNote(dir), 'utf8').split('\n')[0] ?? '';
  } catch {
    return undefined;
  }
}
