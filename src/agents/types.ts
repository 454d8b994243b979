import type { Card } from '../cards/card.js';
import type { AdapterName, AgentConfig } from '../config/config.js';
import type { ErrorKind, Tokens } from '../scheduler/status.js';

/** Everything an adapter needs to run one attempt of one card. */
export interface AttemptRequest {
  card: Card;
  agent: AgentConfig;
  attempt: number;
  /** The full prompt: card body plus deps' results, inputs, outputs and the last failure. */
  prompt: string;
  /** The prompt, also written to a file (ORCH_PROMPT_FILE). */
  promptFile: string;
  /** Where a `command` agent may write its result instead of stdout (ORCH_RESULT_FILE). */
  resultFile: string;
  /** The .orchestrator folder (ORCH_DIR). */
  orchDir: string;
  /** The project root: the agent's working directory unless the agent sets `cwd`. */
  cwd: string;
  timeoutMs: number;
  stallMs: number;
  /** Aborted when the run stops: the adapter must end its process tree at once. */
  signal: AbortSignal;
  /** orch's own notes for the attempt's log (the agent's output goes there by itself). */
  log: (chunk: string) => void;
  /** The attempt's log file: processes append their output to it, up to `logLimit` bytes. */
  logFile: string;
  logLimit: number;
  /** The attempt's mark (ORCH_ATTEMPT_MARK, see mark.ts). */
  mark: string;
  /** Called with the pid of a spawned process (its process group), for orphan cleanup after a crash. */
  onSpawn: (pid: number) => void;
}

/** What an adapter reports: never thrown, always returned. */
export interface AgentReply {
  ok: boolean;
  /** The card's result (markdown) when ok; may hold partial output otherwise. */
  text: string;
  /** When set, the whole result is in this file instead of `text` (a `command` agent's stdout). */
  resultFile?: string;
  /** hashText-compatible hash of resultFile, when known without reading it. */
  resultHash?: string;
  errorKind?: ErrorKind;
  message?: string;
  exitCode?: number | null;
  signal?: string | null;
  costUsd?: number;
  tokens?: Tokens;
  /** Epoch ms when a usage limit resets. */
  retryAt?: number;
  /** Tools the agent was denied (Claude Code reports them and still exits 0). */
  permissionDenials?: string[];
}

export interface AgentAdapter {
  name: AdapterName;
  run(request: AttemptRequest): Promise<AgentReply>;
}
