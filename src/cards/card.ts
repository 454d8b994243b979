/** A task card: a markdown file under .orchestrator/tasks/ with YAML front matter. */
import type { CardField } from './fields.js';

export { CARD_FIELDS, FIELD_ALIASES, FIELD_TABLE, type CardField } from './fields.js';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export type Workspace = 'worktree' | 'project' | 'auto';
export type OnConflict = 'redo' | 'fail';
export type ResultFormat = 'markdown' | 'text';

export interface Card {
  /** As written: `1.50` stays "1.50". */
  id: string;
  title: string;
  deps: string[];
  /** The first agent named, as written; resolved against the config by `agentOf`. */
  agent?: string;
  /** Every agent named, in order (`agent: [claude, codex]`); [] when the card names none. */
  agents: string[];
  command?: string | string[];
  model?: string;
  maxTurns?: number;
  maxCostUsd?: number;
  inputs: string[];
  outputs: string[];
  writes: string[];
  verify?: string;
  write: boolean;
  workspace?: Workspace;
  onConflict?: OnConflict;
  estimateMs?: number;
  timeoutMs?: number;
  stallMs?: number;
  retries?: number;
  priority: number;
  final: boolean;
  /** Runs once every dep has ended, whatever its status. */
  always: boolean;
  /** Waits for `orch approve <id>` before it starts. */
  approve: boolean;
  report: boolean;
  format?: ResultFormat;
  /** The user's own `x-…` fields, kept as written. */
  extra?: Record<string, unknown>;
  /** The prompt. */
  body: string;
  /** Path relative to the project root, for messages and links. */
  file: string;
  /** Line of each front-matter key, for diagnostics found after parsing. */
  lines: Partial<Record<CardField, number>>;
  /** Content hash of the card as written (front matter and body). */
  hash: string;
}

/** Whether a card may change files: `write: true`, or files it declares (`outputs`, `writes`). */
export function mayWrite(card: Card): boolean {
  return card.write || card.outputs.length > 0 || card.writes.length > 0;
}
