import path from 'node:path';
import { runProcess, type ProcessResult } from './process.js';
import { processFailure } from './process-failure.js';
import type { AgentReply, AttemptRequest } from './types.js';

/** The agent CLI's working directory: the agent's `cwd` (relative to the project), else the project root. */
export function agentCwd(req: AttemptRequest): string {
  return req.agent.cwd ? path.resolve(req.cwd, req.agent.cwd) : req.cwd;
}

/** The child's environment on top of the runner's: the adapter's defaults, the agent's `env`, then orch's own. */
export function agentEnv(req: AttemptRequest, defaults: Record<string, string> = {}): Record<string, string> {
  return { ...defaults, ...req.agent.env, ORCH_TASK_ID: req.card.id, ORCH_ATTEMPT: String(req.attempt), ORCH_DIR: req.orchDir };
}

export interface CliRun {
  result: ProcessResult;
  /** Set when the process did not run to its own end (not found, timeout, stall, abort, signal). */
  failure?: AgentReply;
}

/** How much of the end of an agent CLI's stdout its reader gets (its final message is at the end). */
export const CLI_STDOUT_CAP = 16 * 1024 * 1024;

/** Run an agent CLI with the prompt on stdin; `bin` defaults to the adapter's name. */
export async function runCli(req: AttemptRequest, bin: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  const result = await runProcess({
    file: bin, args, input: req.prompt, cwd: agentCwd(req), env, mark: req.mark,
    logFile: req.logFile, logLimit: req.logLimit, stdoutCap: CLI_STDOUT_CAP,
    timeoutMs: req.timeoutMs, stallMs: req.stallMs, signal: req.signal, onSpawn: req.onSpawn,
  });
  const failure = processFailure(result, req.agent, bin) ?? silentFailure(result, req);
  return failure ? { result, failure } : { result };
}

/**
 * An agent CLI that failed without printing a byte (an inner `claude -p` in a sandbox with no
 * network does that): say what usually causes it and where to look.
 */
function silentFailure(result: ProcessResult, req: AttemptRequest): AgentReply | undefined {
  if (result.bytes > 0 || result.exitCode === 0 || result.ioError) return undefined;
  return {
    ok: false, text: '', exitCode: result.exitCode, signal: result.signal, errorKind: 'exit',
    message: `exited with code ${result.exitCode} and printed nothing — likely no network, a sandbox that blocks it, or not logged in; see \`orch logs ${req.card.id}\``,
  };
}

/** The card's model: its own, else the agent's. */
export function modelOf(req: AttemptRequest): string | undefined {
  return req.card.model ?? req.agent.model;
}
