/** Run settings and agent definitions from .orchestrator/orchestrator.yaml, normalised. */
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
  defaults: { agent: string; timeoutMs: number; retries: number; stallMs: number };
  backoff: { initialMs: number; factor: number; maxMs: number };
  budget: { maxCostUsd?: number };
  agents: Record<string, AgentConfig>;
  file: string;
}

export const DEFAULTS = {
  concurrency: 4,
  agent: 'claude',
  timeoutMs: 5 * 60_000,
  retries: 2,
  stallMs: 5 * 60_000,
  backoff: { initialMs: 5_000, factor: 2, maxMs: 60_000 },
} as const;
