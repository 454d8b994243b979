import { kindForStatus, kindForText, oneLine, type Classified } from './classify.js';
import { jsonLines, list, num, obj, str, isObject, type JsonObject } from './json-fields.js';
import { lastLine } from './process-failure.js';
import type { ProcessResult } from './process.js';
import type { AgentReply } from './types.js';

/**
 * Read `claude -p --output-format=stream-json` output. The final `result` line decides: API errors
 * come as subtype "success" with is_error true, so is_error is what counts; no result line (SIGINT
 * exits 0 without one, SIGTERM exits 143) is never a success.
 */
export function readClaudeOutput(run: ProcessResult, now = Date.now()): AgentReply {
  const events = jsonLines(run.stdout);
  const result = [...events].reverse().find((e) => e.type === 'result');
  const exitCode = run.exitCode;
  if (!result) return noResult(run);

  const reply: AgentReply = { ok: false, text: str(result, 'result') ?? '', exitCode };
  const cost = num(result, 'total_cost_usd');
  if (cost !== undefined) reply.costUsd = cost;
  const usage = obj(result, 'usage');
  if (usage) {
    const input = (num(usage, 'input_tokens') ?? 0) + (num(usage, 'cache_creation_input_tokens') ?? 0) + (num(usage, 'cache_read_input_tokens') ?? 0);
    reply.tokens = { input, output: num(usage, 'output_tokens') ?? 0 };
  }
  const denials = list(result, 'permission_denials').filter(isObject).map((d) => str(d, 'tool_name') ?? 'unknown');
  if (denials.length) reply.permissionDenials = denials;

  const subtype = str(result, 'subtype');
  if (subtype === 'error_max_turns') return { ...reply, errorKind: 'max_turns', message: `stopped at the turn limit (--max-turns) after ${num(result, 'num_turns') ?? '?'} turns` };
  if (subtype === 'error_max_budget_usd') return { ...reply, errorKind: 'budget', message: `stopped at the cost limit (--max-budget-usd), spent $${cost ?? '?'}` };
  if (result.is_error === true || (subtype !== undefined && subtype !== 'success')) {
    const text = str(result, 'result') ?? list(result, 'errors').filter((e) => typeof e === 'string').join('; ');
    const why = classifyError(result, events, text, now);
    return { ...reply, errorKind: why.kind, ...(why.retryAt ? { retryAt: why.retryAt } : {}), message: oneLine(text || `claude reported an error (${subtype ?? 'no subtype'})`) };
  }
  if (exitCode !== 0) return { ...reply, errorKind: 'exit', message: `exited with code ${exitCode} after a successful result` };
  return { ...reply, ok: true };
}

function noResult(run: ProcessResult): AgentReply {
  const base = { ok: false, text: run.stdout, exitCode: run.exitCode };
  const why = lastLine(run.stderr);
  if (run.exitCode === 0) return { ...base, errorKind: 'crash', message: 'exited 0 without a result (interrupted?)' };
  if (run.exitCode === 1 && /^error:|requires --verbose|must be a positive number|argument .* is invalid/im.test(run.stderr)) {
    return { ...base, errorKind: 'bad_args', message: `claude rejected its arguments: ${why}` };
  }
  if (run.exitCode === 143) return { ...base, errorKind: 'crash', message: 'terminated (exit 143) before a result' };
  const text = kindForText(run.stderr);
  return { ...base, errorKind: text?.kind ?? 'exit', message: `exited with code ${run.exitCode} without a result${why ? `: ${why}` : ''}` };
}

/** Usage limit (a rejected rate_limit_event, or the message's reset time), then the API status, then the text. */
function classifyError(result: JsonObject, events: JsonObject[], text: string, now: number): Classified {
  const limit = [...events].reverse().map((e) => obj(e, 'rate_limit_info')).find((i) => str(i, 'status') === 'rejected');
  const resetsAt = num(limit, 'resetsAt');
  if (resetsAt !== undefined) return { kind: 'usage_limit', retryAt: resetsAt * 1000 };
  const fromText = kindForText(text, now);
  if (fromText?.kind === 'usage_limit') return fromText;
  const status = num(result, 'api_error_status');
  const byStatus = status === undefined ? undefined : kindForStatus(status);
  if (byStatus) return { kind: byStatus };
  const assistantError = [...events].reverse().map((e) => str(e, 'error')).find((e) => e !== undefined);
  const byError = assistantError ? ASSISTANT_ERRORS[assistantError] : undefined;
  if (byError) return { kind: byError };
  return fromText ?? { kind: 'agent_error' };
}

/** The `error` Claude Code puts on its synthetic assistant message. */
const ASSISTANT_ERRORS: Record<string, Classified['kind']> = {
  rate_limit: 'rate_limit', overloaded: 'rate_limit', server_error: 'agent_error', authentication_failed: 'auth',
  billing_error: 'auth', oauth_org_not_allowed: 'auth', model_not_found: 'bad_args', invalid_model: 'bad_args', invalid_request: 'bad_args',
};
