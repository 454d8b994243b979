import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Card } from '../cards/card.js';
import { splitFrontMatter } from '../cards/front-matter.js';
import type { Config } from '../config/config.js';
import { layoutOf } from '../state/layout.js';
import { hashText } from '../util/hash.js';

/**
 * The workspace settings of cards and config, read in one place. `Card.workspace`/`onConflict` and
 * `Config.merge`/`worktrees`/`worktree` are parsed by the cards and config modules; until a field is
 * there, it is read from the card's or config's YAML as written.
 */
export type Workspace = 'worktree' | 'project' | 'auto';
export type OnConflict = 'redo' | 'fail';

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

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

export function workspaceSettings(config: Config, root: string): WorkspaceSettings {
  const typed = config as unknown as Loose;
  const raw = typed.merge !== undefined || typed.worktrees !== undefined || typed.worktree !== undefined ? typed : rawConfig(layoutOf(root).config);
  const merge = obj(raw.merge);
  const worktrees = obj(raw.worktrees);
  const worktree = obj(raw.worktree);
  const defaults = obj(typed.defaults).workspace !== undefined ? obj(typed.defaults) : obj(raw.defaults);
  const dir = str(worktrees.dir);
  const settings: WorkspaceSettings = {
    into: str(merge.into) ?? DEFAULT_INTO,
    dir: dir ? path.resolve(root, dir) : defaultWorktreesDir(root),
    keep: worktrees.keep === true,
    setupConcurrency: Number.isInteger(worktree.concurrency) && (worktree.concurrency as number) > 0 ? (worktree.concurrency as number) : 2,
    defaultWorkspace: asWorkspace(defaults.workspace) ?? 'auto',
  };
  const verify = str(merge.verify);
  if (verify) settings.verify = verify;
  const setup = str(worktree.setup);
  if (setup) settings.setup = setup;
  return settings;
}

/** Outside the project tree, so a test runner or linter run in the project never sees a worktree's files. */
export function defaultWorktreesDir(root: string): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'orch', 'worktrees', `${path.basename(root)}-${hashText(path.resolve(root)).slice(0, 8)}`);
}

/** The card's `workspace` as written (`auto` when absent). */
export function workspaceOf(card: Card, root: string, settings: WorkspaceSettings): Workspace {
  return asWorkspace(cardField(card, root, 'workspace')) ?? settings.defaultWorkspace;
}

export function onConflictOf(card: Card, root: string): OnConflict {
  return cardField(card, root, 'onConflict') === 'fail' ? 'fail' : 'redo';
}

/** The line of a card's field, for diagnostics. */
export function cardFieldLine(card: Card, root: string, field: 'workspace'): number | undefined {
  const typed = (card.lines as Partial<Record<string, number>>)[field];
  if (typed !== undefined) return typed;
  const split = readSplit(card, root);
  if (!split) return undefined;
  const index = split.yaml.split('\n').findIndex((l) => l.startsWith(`${field}:`));
  return index < 0 ? undefined : index + 1;
}

function asWorkspace(v: unknown): Workspace | undefined {
  return v === 'worktree' || v === 'project' || v === 'auto' ? v : undefined;
}

function cardField(card: Card, root: string, field: string): unknown {
  const typed = (card as unknown as Loose)[field];
  if (typed !== undefined) return typed;
  const split = readSplit(card, root);
  if (!split) return undefined;
  try {
    return obj(parseYaml(split.yaml))[field];
  } catch {
    return undefined;
  }
}

function readSplit(card: Card, root: string) {
  try {
    const split = splitFrontMatter(fs.readFileSync(path.resolve(root, card.file), 'utf8'));
    return typeof split === 'string' ? undefined : split;
  } catch {
    return undefined;
  }
}

function rawConfig(file: string): Loose {
  try {
    return obj(parseYaml(fs.readFileSync(file, 'utf8')));
  } catch {
    return {};
  }
}
