import { parseDocument, LineCounter, isMap, isScalar, type Node, type Pair } from 'yaml';
import { diagnostic, warning, type Diagnostic } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import { hashText } from '../util/hash.js';
import { nearest } from '../util/nearest.js';
import { stableJson } from '../util/stable-json.js';
import { ADAPTER_NAMES, DEFAULTS, type AdapterName, type AgentConfig, type Config } from './config.js';

const TOP_FIELDS = ['goal', 'concurrency', 'defaults', 'backoff', 'budget', 'agents'];
const DEFAULT_FIELDS = ['agent', 'timeout', 'retries', 'stall'];
const BACKOFF_FIELDS = ['initial', 'factor', 'max'];
const AGENT_FIELDS = ['use', 'model', 'maxConcurrent', 'bin', 'args', 'env', 'cwd', 'command', 'shell', 'endpoint', 'apiKeyEnv', 'temperature', 'maxTokens'];

export interface ParsedConfig {
  config: Config;
  diagnostics: Diagnostic[];
}

/** Parse orchestrator.yaml text. Pure; every problem is collected, the config always comes back usable. */
export function parseConfig(text: string, file: string): ParsedConfig {
  const out: Diagnostic[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const placeOf = (node: Node | null | undefined) => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { file, line: pos.line, column: pos.col };
  };
  const config = defaultConfig(file);
  if (doc.errors[0]) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    out.push(diagnostic('CONFIG_YAML', `bad YAML: ${e.message.split('\n')[0]}`, {
      place: { file, line: pos.line, column: pos.col }, hint: 'fix the YAML syntax',
    }));
    return { config, diagnostics: out };
  }
  if (doc.contents === null) return { config, diagnostics: out };
  if (!isMap(doc.contents)) {
    out.push(diagnostic('CONFIG_YAML', 'expected key: value pairs', { place: placeOf(doc.contents), hint: 'see .orchestrator-template/orchestrator.yaml' }));
    return { config, diagnostics: out };
  }

  const pairs = (node: Node | null | undefined, where: string, known: string[]): Array<[string, unknown, Node | null | undefined, Node | null | undefined]> => {
    if (!node) return [];
    if (!isMap(node)) {
      out.push(diagnostic('CONFIG_FIELD', `${where}: expected key: value pairs`, { place: placeOf(node), hint: `write ${where}: { ${known[0]}: … }` }));
      return [];
    }
    return (node.items as Pair<Node, Node>[]).flatMap((p) => {
      const key = isScalar(p.key) ? String(p.key.value) : String(p.key);
      if (known.length && !known.includes(key)) {
        const guess = nearest(key, known);
        out.push(warning('CONFIG_FIELD', `unknown setting "${where ? `${where}.` : ''}${key}"`, {
          place: placeOf(p.key), hint: guess ? `did you mean "${guess}"?` : `known: ${known.join(', ')}`,
        }));
        return [];
      }
      return [[key, p.value ? p.value.toJSON() : null, p.value, p.key] as [string, unknown, Node | null | undefined, Node | null | undefined]];
    });
  };
  const bad = (node: Node | null | undefined, message: string, hint: string) =>
    out.push(diagnostic('CONFIG_FIELD', message, { place: placeOf(node), hint }));
  const duration = (value: unknown, node: Node | null | undefined, name: string): number | undefined => {
    const ms = parseDuration(value);
    if (ms === undefined) bad(node, `${name}: bad duration ${JSON.stringify(value)}`, 'use 500ms, 30s, 5m, 1h or a number of seconds');
    return ms;
  };
  const positiveInt = (value: unknown, node: Node | null | undefined, name: string): number | undefined => {
    if (Number.isInteger(value) && (value as number) > 0) return value as number;
    bad(node, `${name}: expected a positive whole number, got ${JSON.stringify(value)}`, `write ${name}: 4`);
    return undefined;
  };

  let agentsNode: Node | null | undefined;
  for (const [key, value, node] of pairs(doc.contents, '', TOP_FIELDS)) {
    if (key === 'goal' && typeof value === 'string') config.goal = value.trim();
    else if (key === 'concurrency') config.concurrency = positiveInt(value, node, 'concurrency') ?? config.concurrency;
    else if (key === 'defaults') {
      for (const [k, v, n] of pairs(node, 'defaults', DEFAULT_FIELDS)) {
        if (k === 'agent' && typeof v === 'string') config.defaults.agent = v;
        else if (k === 'timeout' || k === 'stall') {
          const ms = duration(v, n, `defaults.${k}`);
          if (ms !== undefined) config.defaults[k === 'timeout' ? 'timeoutMs' : 'stallMs'] = ms;
        } else if (k === 'retries') {
          if (Number.isInteger(v) && (v as number) >= 0) config.defaults.retries = v as number;
          else bad(n, `defaults.retries: expected a whole number, got ${JSON.stringify(v)}`, 'write retries: 2');
        }
      }
    } else if (key === 'backoff') {
      for (const [k, v, n] of pairs(node, 'backoff', BACKOFF_FIELDS)) {
        if (k === 'factor') {
          if (typeof v === 'number' && v >= 1) config.backoff.factor = v;
          else bad(n, `backoff.factor: expected a number ≥ 1, got ${JSON.stringify(v)}`, 'write factor: 2');
        } else {
          const ms = duration(v, n, `backoff.${k}`);
          if (ms !== undefined) config.backoff[k === 'initial' ? 'initialMs' : 'maxMs'] = ms;
        }
      }
    } else if (key === 'budget') {
      for (const [k, v, n] of pairs(node, 'budget', ['maxCostUsd'])) {
        if (k === 'maxCostUsd' && typeof v === 'number' && v > 0) config.budget.maxCostUsd = v;
        else bad(n, `budget.${k}: expected a positive number of dollars`, 'write maxCostUsd: 5');
      }
    } else if (key === 'agents') agentsNode = node;
  }

  for (const [name, , node, keyNode] of pairs(agentsNode, 'agents', [])) {
    const settings = Object.fromEntries(pairs(node, `agents.${name}`, AGENT_FIELDS).map(([k, v, n]) => [k, { v, n }]));
    const use = (settings.use?.v ?? (ADAPTER_NAMES.includes(name as AdapterName) ? name : undefined)) as unknown;
    if (typeof use !== 'string' || !ADAPTER_NAMES.includes(use as AdapterName)) {
      const guess = typeof use === 'string' ? nearest(use, ADAPTER_NAMES) : undefined;
      bad(settings.use?.n ?? keyNode, `agents.${name}: unknown adapter ${JSON.stringify(use ?? null)}`,
        guess ? `did you mean "${guess}"?` : `set use: to one of ${ADAPTER_NAMES.join(', ')}`);
      continue;
    }
    const agent: AgentConfig = { name, use: use as AdapterName, args: [], env: {}, shell: false, hash: '' };
    for (const [k, { v, n }] of Object.entries(settings)) {
      if (k === 'use') continue;
      if (k === 'maxConcurrent') { const x = positiveInt(v, n, `agents.${name}.maxConcurrent`); if (x) agent.maxConcurrent = x; }
      else if (k === 'args') {
        if (Array.isArray(v) && v.every((x) => typeof x === 'string')) agent.args = v as string[];
        else bad(n, `agents.${name}.args: expected a list of text`, 'write args: ["--flag=value"]');
      } else if (k === 'env') {
        if (v && typeof v === 'object' && !Array.isArray(v)) agent.env = Object.fromEntries(Object.entries(v).map(([a, b]) => [a, String(b)]));
        else bad(n, `agents.${name}.env: expected NAME: value pairs`, 'write env: { NAME: value }');
      } else if (k === 'command') {
        if ((typeof v === 'string' && v.trim()) || (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string'))) agent.command = v as string | string[];
        else bad(n, `agents.${name}.command: expected an argv list or a command string`, 'write command: ["npx", "eslint", "."]');
      } else if (k === 'shell') agent.shell = v === true;
      else if (k === 'temperature' || k === 'maxTokens') {
        if (typeof v === 'number') agent[k] = v;
        else bad(n, `agents.${name}.${k}: expected a number`, `write ${k}: 0.2`);
      } else if (typeof v === 'string') (agent as unknown as Record<string, unknown>)[k] = v;
      else bad(n, `agents.${name}.${k}: expected text`, `write ${k}: …`);
    }
    if (agent.use === 'openai' && !agent.endpoint) {
      bad(keyNode, `agents.${name}: an openai agent needs an endpoint`, 'write endpoint: "http://localhost:11434/v1"');
    }
    agent.hash = agentHash(agent);
    config.agents[name] = agent;
  }
  return { config, diagnostics: out };
}

export function defaultConfig(file = '.orchestrator/orchestrator.yaml'): Config {
  const agents: Record<string, AgentConfig> = {};
  for (const use of ADAPTER_NAMES) {
    const agent: AgentConfig = { name: use, use, args: [], env: {}, shell: false, hash: '' };
    agent.hash = agentHash(agent);
    agents[use] = agent;
  }
  return {
    concurrency: DEFAULTS.concurrency,
    defaults: { agent: DEFAULTS.agent, timeoutMs: DEFAULTS.timeoutMs, retries: DEFAULTS.retries, stallMs: DEFAULTS.stallMs },
    backoff: { ...DEFAULTS.backoff },
    budget: {},
    agents,
    file,
  };
}

function agentHash(agent: AgentConfig): string {
  const { hash: _hash, ...settings } = agent;
  return hashText(stableJson(settings));
}
