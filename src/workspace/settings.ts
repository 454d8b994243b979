import os from 'node:os';
import path from 'node:path';
import type { Card, OnConflict, Workspace } from '../cards/card.js';
import type { Config } from '../config/config.js';
import { hashText } from '../util/hash.js';

/** The workspace settings of cards and config (`Card.workspace`, `onConflict`; `merge`, `worktrees`, `worktree`), in one place. */
export type { OnConflict, Workspace };

export interface WorkspaceSettings {
  /** The integration branch (`merge.into`). */
  into: string;
  /** `merge.verify`: run on the integration tree after each merge. */
  verify?: string;
  /** Where worktrees live (absolute). */
  dir: string;
  /** `worktrees.keep`: leave merged worktrees and branches in place. */
  keep: boolean;
  /** `worktree.setup`: run once in each new worktree before the agent. */
  setup?: string;
  /** How many setups run at once. */
  setupConcurrency: number;
  defaultWorkspace: Workspace;
}

export const DEFAULT_INTO = 'orch/integration';

/** How many worktree setups run at once. */
const SETUP_CONCURRENCY = 2;

export function workspaceSettings(config: Config, root: string): WorkspaceSettings {
  const settings: WorkspaceSettings = {
    into: config.merge.into || DEFAULT_INTO,
    dir: config.worktrees.dir ? path.resolve(root, config.worktrees.dir) : defaultWorktreesDir(root),
    keep: config.worktrees.keep,
    setupConcurrency: SETUP_CONCURRENCY,
    defaultWorkspace: config.defaults.workspace,
  };
  if (config.merge.verify) settings.verify = config.merge.verify;
  if (config.worktree.setup) settings.setup = config.worktree.setup;
  return settings;
}

/** Outside the project tree, so a test runner or linter run in the project never sees a worktree's files. */
export function defaultWorktreesDir(root: string): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'orch', 'worktrees', `${path.basename(root)}-${hashText(path.resolve(root)).slice(0, 8)}`);
}

/** The card's `workspace` as written (`auto` when absent). */
export function workspaceOf(card: Card, _root: string, settings: WorkspaceSettings): Workspace {
  return card.workspace ?? settings.defaultWorkspace;
}

export function onConflictOf(card: Card, _root: string): OnConflict {
  return card.onConflict === 'fail' ? 'fail' : 'redo';
}

/** The line of a card's field, for diagnostics. */
export function cardFieldLine(card: Card, _root: string, field: 'workspace'): number | undefined {
  return card.lines[field];
}
