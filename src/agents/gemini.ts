import { kindForStatus, kindForText, oneLine } from './classify.js';
import { agentEnv, modelOf, runCli } from './cli-run.js';
import { lastJsonObject, num, obj, str, type JsonObject } from './json-fields.js';
import { lastLine } from './process-failure.js';
import type { ProcessResult } from './process.js';
import type { ErrorKind } from '../scheduler/status.js';
import type { AgentAdapter, AgentReply, AttemptRequest } from './types.js';

/**
 * Gemini CLI headless: `gemini -p "" --output-format json --approval-mode … --skip-trust …`.
 * `-p` takes a value that is appended to stdin, so the prompt goes on stdin and `-p` gets "".
 */
export const geminiAdapter: AgentAdapter = {
  name: 'gemini',
  async run(req: AttemptRequest): Promise<AgentReply> {
    const bin = req.agent.bin ?? 'gemini';
    const { result, failure } = await runCli(req, bin, geminiArgs(req), agentEnv(req));
    return failure ?? readGeminiOutput(result);
  },
};

export function geminiArgs(req: AttemptRequest): string[] {
  // --skip-trust: headless gemini exits 55 in a folder it has not been told to trust; running orch
  // on a project is that decision. auto_edit approves edits only; default leaves tools that need
  // approval denied, as headless mode cannot ask.
  // values joined to their flags (yargs reads `--flag=value` whole): a value can never be a flag
  const args = ['-p', '', '--output-format=json', `--approval-mode=${req.card.write ? 'auto_edit' : 'default'}`, '--skip-trust'];
  const model = modelOf(req);
  if (model) args.push(`--model=${model}`);
  return [...args, ...req.agent.args];
}

/** Exit codes of gemini-cli's fatal errors; an API error exits with its HTTP status (mod 256). */
const EXIT_KINDS: Record<number, ErrorKind> = { 41: 'auth', 42: 'bad_args', 44: 'config', 52: 'config', 53: 'max_turns', 54: 'agent_error', 55: 'config', 130: 'interrupted' };

/** Read `-o json` output: `{response, stats}` on stdout, or `{error: {type, message, code}}` (on stderr). */
export function readGeminiOutput(run: ProcessResult, now = Date.now()): AgentReply {
  const out = lastJsonObject(run.stdout);
  const doc = out ?? lastJsonObject(run.stderr);
  const reply: AgentReply = { ok: false, text: str(doc, 'response') ?? '', exitCode: run.exitCode };
  const tokens = tokensOf(obj(doc, 'stats'));
  if (tokens) reply.tokens = tokens;
  const error = obj(doc, 'error');
  if (!error && run.exitCode === 0 && str(doc, 'response') !== undefined) return { ...reply, ok: true };

  const usageLine = run.exitCode === 1 ? /^(Unknown arguments?|Invalid values|Not enough arguments).*$/m.exec(run.stderr)?.[0] : undefined;
  const message = str(error, 'message') ?? usageLine ?? lastLine(run.stderr);
  const code = num(error, 'code');
  const api = obj(parseInner(message), 'error');
  const apiStatus = num(api, 'code');
  const byText = kindForText(message, now);
  const kind: ErrorKind =
    (usageLine ? 'bad_args' : undefined) ??
    (byText?.kind === 'usage_limit' ? byText.kind : undefined) ??
    (code !== undefined && code >= 100 ? kindForStatus(code) : undefined) ??
    (apiStatus !== undefined ? kindForStatus(apiStatus) : undefined) ??
    (run.exitCode !== null ? EXIT_KINDS[run.exitCode] : undefined) ??
    byText?.kind ??
    (run.exitCode === 0 ? 'crash' : error ? 'agent_error' : 'exit');
  const said = api ? `${apiStatus ?? ''} ${str(api, 'status') ?? ''}: ${str(api, 'message') ?? ''}` : message;
  const why = said ? oneLine(said) : run.exitCode === 0 ? 'exited 0 without a JSON result' : `exited with code ${run.exitCode}`;
  return { ...reply, errorKind: kind, ...(kind === 'usage_limit' && byText?.retryAt ? { retryAt: byText.retryAt } : {}), message: why };
}

function tokensOf(stats: JsonObject | undefined): AgentReply['tokens'] {
  const models = Object.values(obj(stats, 'models') ?? {}).map((m) => obj(m, 'tokens'));
  if (!models.length) return undefined;
  const sum = (pick: (t: JsonObject | undefined) => number) => models.reduce((total, t) => total + pick(t), 0);
  return { input: sum((t) => num(t, 'input') ?? num(t, 'prompt') ?? 0), output: sum((t) => (num(t, 'candidates') ?? 0) + (num(t, 'thoughts') ?? 0)) };
}

/** API errors arrive as a JSON document inside the message. */
function parseInner(message: string): JsonObject | undefined {
  return message.trimStart().startsWith('{') ? lastJsonObject(message.trim()) : undefined;
}
