import type { Card } from '../cards/card.js';
import type { Config } from '../config/config.js';
import { diagnostic, type Diagnostic } from '../errors.js';
import { gitSync } from './git.js';
import { cardFieldLine, workspaceOf, workspaceSettings } from './settings.js';

/** Is `root` in a git repository that has a commit to start worktrees from? */
export function isGitProject(root: string): boolean {
  return gitSync(root, ['rev-parse', '--verify', '-q', 'HEAD']).ok;
}

/** `workspace: worktree` needs a git repository with a commit: an error at the card's line otherwise. */
export function checkWorkspaces(root: string, cards: readonly Card[], config: Config): Diagnostic[] {
  const settings = workspaceSettings(config, root);
  const wanting = cards.filter((card) => workspaceOf(card, root, settings) === 'worktree');
  if (!wanting.length || isGitProject(root)) return [];
  return wanting.map((card) => {
    const line = cardFieldLine(card, root, 'workspace');
    return diagnostic('CARD_FIELD', `workspace: worktree needs a git repository with at least one commit, and ${root} is not one`, {
      place: line === undefined ? { file: card.file } : { file: card.file, line },
      hint: 'run `git init` and commit, or write `workspace: project`',
    });
  });
}
