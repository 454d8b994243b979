/** Run settings and agent definitions from .orchestrator/orchestrator.yaml, normalised. */
import type { Workspace } from '../cards/card.js';

export const ADAPTER_NAMES = ['claude', 'codex', 'gemini', 'openai', 'command'] as const;
export type AdapterName = (typeof ADAPTER_NAMES)[number];

export interface AgentConfig {
  name: string;
  use: AdapterName;
  model?: string;
  maxConcurrent?: number;
  /** Executable of a CLI adapter; defaults to the adapter's own name. */
  bin?: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** `command` adapter: argv (no shell unless `shell`), or a string run by the shell. */
  command?: string | string[];
  shell: boolean;
  /** `openai` adapter. */
  endpoint?: string;
  apiKeyEnv?: string;
  temperature?: number;
  maxTokens?: number;
  /** Fingerprint of these settings: a change makes the agent's done cards run again. */
  hash: string;
}

export interface Config {
  goal?: string;
  concurrency: number;
  defaults: {
    agent: string;
    timeoutMs: number;
    /** 2 unless set; see `effectiveRetries` for what a card really gets. */
    retries: number;
    /** Whether orchestrator.yaml sets `defaults.retries` itself (it then applies to command agents too). */
    retriesSet: boolean;
    stallMs: number;
    workspace: Workspace;
  };
  backoff: { initialMs: number; factor: number; maxMs: number };
  budget: { maxCostUsd?: number };
  /** Where finished worktree cards are merged, and what must pass there. */
  merge: { into: string; verify?: string };
  worktrees: { dir?: string; keep: boolean };
  /** Run in each new worktree before its agent starts. */
  worktree: { setup?: string };
  /** A log is cut at this size, with a marker line. */
  maxLogBytes: number;
  backend: { redis?: string; remote?: string };
  agents: Record<string, AgentConfig>;
  file: string;
}

export const DEFAULTS = {
  concurrency: 4,
  agent: 'claude',
  timeoutMs: 5 * 60_000,
  retries: 2,
  stallMs: 5 * 60_000,
  workspace: 'auto',
  backoff: { initialMs: 5_000, factor: 2, maxMs: 60_000 },
  mergeInto: 'orch/integration',
  maxLogBytes: 50 * 1024 * 1024,
} as const;
