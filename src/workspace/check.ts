import type { Card } from '../cards/card.js';
import type { Config } from '../config/config.js';
import { diagnostic, type Diagnostic } from '../errors.js';
import { headHasCommit } from './head.js';
import { cardFieldLine, workspaceOf, workspaceSettings } from './settings.js';

/**
 * `workspace: worktree` needs a git repository with a commit: an error at the card's line
 * otherwise. The one check of it, for `orch validate` and `orch run` alike (loadProject makes it).
 * Whether HEAD holds a commit is read from the repository's files, and only when a card asks for a
 * worktree; `hasCommit` is git's own answer, for a caller that has asked git already.
 */
export function checkWorkspaces(root: string, cards: readonly Card[], config: Config, hasCommit?: boolean): Diagnostic[] {
  const settings = workspaceSettings(config, root);
  const wanting = cards.filter((card) => workspaceOf(card, root, settings) === 'worktree');
  if (!wanting.length || (hasCommit ?? headHasCommit(root) !== false)) return [];
  return wanting.map((card) => {
    const line = cardFieldLine(card, root, 'workspace');
    return diagnostic('CARD_FIELD', `workspace: worktree needs a git repository with at least one commit, and ${root} is not one`, {
      place: line === undefined ? { file: card.file } : { file: card.file, line, column: 1 },
      hint: 'run `git init` and commit, or write `workspace: project`',
    });
  });
}
