import fs from 'node:fs';
import path from 'node:path';
import { git } from './git.js';

export const INCLUDE_FILE = '.worktreeinclude';

/**
 * Copy the untracked files that `.worktreeinclude` (gitignore syntax) matches from the main tree
 * into a new worktree: `.env`, local config. git itself does the matching. Returns the paths copied,
 * relative to the repository's top level (they are left out of the card's commit).
 */
export async function copyIncluded(top: string, worktree: string): Promise<string[]> {
  const list = path.join(top, INCLUDE_FILE);
  if (!fs.existsSync(list)) return [];
  const result = await git(top, ['ls-files', '--others', '--ignored', '-z', `--exclude-from=${list}`]);
  if (!result.ok) return [];
  const copied: string[] = [];
  for (const file of result.stdout.split('\0').filter(Boolean)) {
    if (file.startsWith('.orchestrator/')) continue;
    const from = path.join(top, file);
    const to = path.join(worktree, file);
    try {
      if (!fs.lstatSync(from).isFile()) continue;
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
      fs.chmodSync(to, fs.statSync(from).mode & 0o7777);
      copied.push(file);
    } catch {
      // vanished meanwhile: nothing to copy
    }
  }
  return copied;
}
