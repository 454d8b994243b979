import { kindForText, oneLine } from './classify.js';
import { jsonLines, num, obj, str } from './json-fields.js';
import { lastLine } from './process-failure.js';
import type { ProcessResult } from './process.js';
import type { AgentReply } from './types.js';

/**
 * Read `codex exec --json` output plus the -o file. A failed turn, a non-zero exit or an empty last
 * message is a failure. `error` events that say "Reconnecting…" are codex's own retries, not the outcome.
 */
export function readCodexOutput(run: ProcessResult, lastMessage: string | undefined, now = Date.now()): AgentReply {
  const events = jsonLines(run.stdout);
  const reply: AgentReply = { ok: false, text: lastMessage ?? lastAgentMessage(events) ?? '', exitCode: run.exitCode };
  const turns = events.filter((e) => e.type === 'turn.completed').map((e) => obj(e, 'usage'));
  if (turns.length) {
    // cached_input_tokens is part of input_tokens and reasoning_output_tokens part of output_tokens.
    reply.tokens = {
      input: turns.reduce((sum, u) => sum + (num(u, 'input_tokens') ?? 0), 0),
      output: turns.reduce((sum, u) => sum + (num(u, 'output_tokens') ?? 0), 0),
    };
  }
  if (run.exitCode === 2) return { ...reply, errorKind: 'bad_args', message: `codex rejected its arguments: ${usageError(run.stderr)}` };

  const failed = [...events].reverse().find((e) => e.type === 'turn.failed');
  const lastError = [...events].reverse().map((e) => (e.type === 'error' ? str(e, 'message') : undefined))
    .find((m) => m !== undefined && !m.startsWith('Reconnecting'));
  const error = str(obj(failed, 'error'), 'message') ?? lastError;
  if (failed || run.exitCode !== 0) {
    const why = error ?? lastLine(run.stderr);
    const kind = kindForText(why, now) ?? (/trusted directory|git repo|CODEX_HOME|config\.toml/i.test(why) ? { kind: 'config' as const } : { kind: failed ? 'agent_error' as const : 'exit' as const });
    const message = why ? oneLine(why) : `exited with code ${run.exitCode}`;
    return { ...reply, errorKind: kind.kind, ...(kind.retryAt ? { retryAt: kind.retryAt } : {}), message };
  }
  if (!reply.text.trim()) return { ...reply, errorKind: 'agent_error', message: 'codex finished without a final message (the -o file is empty)' };
  return { ...reply, ok: true };
}

function lastAgentMessage(events: ReturnType<typeof jsonLines>): string | undefined {
  const items = events.filter((e) => e.type === 'item.completed').map((e) => obj(e, 'item'));
  return str(items.reverse().find((i) => str(i, 'type') === 'agent_message'), 'text');
}

/** clap's usage error: the `error: …` line. */
function usageError(stderr: string): string {
  return stderr.split('\n').find((l) => l.startsWith('error:'))?.slice(6).trim() ?? lastLine(stderr);
}
