import type { AgentConfig } from '../config/config.js';
import type { AgentReply } from './types.js';
import type { ProcessResult } from './process.js';

/**
 * The failures every process-based adapter reads the same way: stopped by orch (timeout, stall,
 * the run stopping), executable missing, killed by a signal. Undefined when the process ran and
 * exited by itself: the adapter reads its output.
 */
export function processFailure(result: ProcessResult, agent: AgentConfig, bin: string): AgentReply | undefined {
  const base = { ok: false, text: result.stdout, exitCode: result.exitCode, signal: result.signal };
  if (result.ioError) return { ...base, errorKind: 'io', message: ioMessage(result.ioError) };
  if (result.stoppedFor === 'abort') return { ...base, errorKind: 'interrupted', message: 'stopped: the run was interrupted' };
  if (result.stoppedFor === 'timeout') return { ...base, errorKind: 'timeout', message: 'timed out: the attempt ran longer than its timeout' };
  if (result.stoppedFor === 'stall') return { ...base, errorKind: 'stall', message: 'stalled: the agent printed nothing for longer than `stall`' };
  if (result.spawnError === 'ENOENT') {
    return { ...base, errorKind: 'not_found', message: `agent "${agent.name}": executable "${bin}" not found on PATH — install it or set agents.${agent.name}.bin` };
  }
  if (result.spawnError) {
    return { ...base, errorKind: 'not_found', message: `agent "${agent.name}": cannot start "${bin}" (${result.spawnError}) — check agents.${agent.name}.bin` };
  }
  if (result.signal) return { ...base, errorKind: 'crash', message: `killed by ${result.signal}` };
  return undefined;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on the device', EROFS: 'read-only file system', EACCES: 'permission denied', EPERM: 'not permitted',
  EISDIR: 'a folder is in the way', ELOOP: 'a symbolic link is in the way (orch does not follow links for its own files)',
  EDQUOT: 'disk quota exceeded', ENOENT: 'its folder is missing', ENOTDIR: 'a file is in the way of a folder', EMFILE: 'too many open files',
};

/** One line for an I/O fault: `<errno> writing <path>` with what the errno means. */
export function ioMessage(fault: string): string {
  const code = fault.split(' ')[0] ?? '';
  return `orch could not write its files: ${fault}${ERRNO_TEXT[code] ? ` (${ERRNO_TEXT[code]})` : ''}`;
}

/** The last lines of some output, for messages and retry prompts. */
export function tail(text: string, lines = 20): string {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

/** One line of an error message: the last non-empty line of stderr or stdout. */
export function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim());
  return (lines[lines.length - 1] ?? '').trim().slice(0, 300);
}
