import { kindForStatus, oneLine } from './classify.js';
import { modelOf } from './cli-run.js';
import { httpPost } from './http-post.js';
import { isObject, list, num, obj, parseJson, str } from './json-fields.js';
import type { AgentAdapter, AgentReply, AttemptRequest } from './types.js';

/**
 * Any OpenAI-compatible chat-completions endpoint (Ollama, vLLM, LM Studio, llama.cpp, OpenAI):
 * one POST `${endpoint}/chat/completions` per attempt, the prompt as the single user message.
 * No process is started, so `onSpawn` is never called.
 */
export const openaiAdapter: AgentAdapter = {
  name: 'openai',
  async run(req: AttemptRequest): Promise<AgentReply> {
    const { agent } = req;
    const fail = (errorKind: AgentReply['errorKind'], message: string): AgentReply => ({ ok: false, text: '', errorKind, message });
    const url = chatUrl(agent.endpoint);
    if (!url) return fail('config', `agent "${agent.name}": set agents.${agent.name}.endpoint to an http(s) URL, e.g. http://localhost:11434/v1`);
    const model = modelOf(req);
    if (!model) return fail('config', `agent "${agent.name}": set agents.${agent.name}.model (or the card's model)`);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (agent.apiKeyEnv) {
      const key = agent.env[agent.apiKeyEnv] ?? process.env[agent.apiKeyEnv];
      if (!key) return fail('auth', `agent "${agent.name}": environment variable ${agent.apiKeyEnv} (agents.${agent.name}.apiKeyEnv) is not set`);
      headers.authorization = `Bearer ${key}`;
    }
    const payload = {
      model, messages: [{ role: 'user', content: req.prompt }], stream: false,
      ...(agent.temperature !== undefined ? { temperature: agent.temperature } : {}),
      ...(agent.maxTokens !== undefined ? { max_tokens: agent.maxTokens } : {}),
    };
    req.log(`POST ${url} model=${model} prompt=${req.prompt.length} chars\n`);
    const res = await httpPost({ url, headers, body: JSON.stringify(payload), timeoutMs: req.timeoutMs, stallMs: req.stallMs, signal: req.signal });
    if ('stoppedFor' in res) {
      if (res.stoppedFor === 'abort') return fail('interrupted', 'stopped: the run was interrupted');
      if (res.stoppedFor === 'timeout') return fail('timeout', `timed out: ${url} did not answer within the attempt's timeout`);
      return fail('stall', `stalled: the response from ${url} stopped arriving for longer than \`stall\``);
    }
    if ('networkError' in res) return fail('agent_error', `cannot reach ${url}: ${res.networkError}`);
    req.log(`HTTP ${res.status}\n${res.body}\n`);
    return readChatResponse(res.status, res.body, url);
  },
};

/** `${endpoint}/chat/completions`, or undefined when the endpoint is missing or not http(s). */
export function chatUrl(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  try {
    const url = new URL(`${endpoint.replace(/\/+$/, '')}/chat/completions`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function readChatResponse(status: number, body: string, url: string): AgentReply {
  const doc = parseJson(body);
  if (status < 200 || status >= 300) {
    const detail = str(obj(doc, 'error'), 'message') ?? str(doc, 'error') ?? str(doc, 'message') ?? body;
    return { ok: false, text: '', errorKind: kindForStatus(status) ?? 'agent_error', message: oneLine(`HTTP ${status} from ${url}: ${detail}`) };
  }
  const choice = list(doc, 'choices').find(isObject);
  const content = str(obj(choice, 'message'), 'content');
  const usage = obj(doc, 'usage');
  const reply: AgentReply = { ok: false, text: content ?? '' };
  if (usage) reply.tokens = { input: num(usage, 'prompt_tokens') ?? 0, output: num(usage, 'completion_tokens') ?? 0 };
  if (content === undefined) return { ...reply, errorKind: 'agent_error', message: `no message content in the response from ${url}` };
  return { ...reply, ok: true };
}
