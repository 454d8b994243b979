import type { Node } from 'yaml';
import { hashText } from '../util/hash.js';
import { nearest } from '../util/nearest.js';
import { stableJson } from '../util/stable-json.js';
import { ADAPTER_NAMES, type AdapterName, type AgentConfig } from './config.js';
import type { SettingsReader } from './yaml-reader.js';

const AGENT_FIELDS = ['use', 'model', 'maxConcurrent', 'bin', 'args', 'env', 'cwd', 'command', 'shell', 'endpoint', 'apiKeyEnv', 'temperature', 'maxTokens'] as const;

/** The `agents:` section: one AgentConfig per name; a bad agent is left out with its diagnostics. */
export function readAgents(r: SettingsReader, node: Node | null | undefined, into: Record<string, AgentConfig>): void {
  for (const entry of r.settings(node, 'agents', [])) {
    const name = entry.key;
    const settings = new Map(r.settings(entry.node, `agents.${name}`, AGENT_FIELDS).map((s) => [s.key, s]));
    const useSetting = settings.get('use');
    const use = useSetting ? useSetting.value : ADAPTER_NAMES.includes(name as AdapterName) ? name : undefined;
    if (typeof use !== 'string' || !ADAPTER_NAMES.includes(use as AdapterName)) {
      const guess = typeof use === 'string' ? nearest(use, ADAPTER_NAMES) : undefined;
      r.bad(useSetting?.node ?? entry.node, `agents.${name}: unknown adapter ${JSON.stringify(use ?? null)}`,
        guess ? `did you mean "${guess}"?` : `set use: to one of ${ADAPTER_NAMES.join(', ')}`);
      continue;
    }
    const agent: AgentConfig = { name, use: use as AdapterName, args: [], env: {}, shell: false, hash: '' };
    for (const s of settings.values()) {
      switch (s.key) {
        case 'use': break;
        case 'maxConcurrent': { const n = r.wholeNumber(s, 1); if (n !== undefined) agent.maxConcurrent = n; break; }
        case 'args':
          if (Array.isArray(s.value) && s.value.every((x) => typeof x === 'string')) agent.args = s.value as string[];
          else r.bad(s.node, `${s.path}: expected a list of text`, 'write args: ["--flag=value"]');
          break;
        case 'env':
          if (s.value && typeof s.value === 'object' && !Array.isArray(s.value) && Object.values(s.value).every((x) => ['string', 'number', 'boolean'].includes(typeof x))) {
            agent.env = Object.fromEntries(Object.entries(s.value).map(([a, b]) => [a, String(b)]));
          } else r.bad(s.node, `${s.path}: expected NAME: value pairs`, 'write env: { NAME: value }');
          break;
        case 'command': { const c = r.command(s); if (c !== undefined) agent.command = c; break; }
        case 'shell': { const b = r.bool(s); if (b !== undefined) agent.shell = b; break; }
        case 'temperature': { const n = r.number(s, (x) => x >= 0, 'a number ≥ 0', '0.2'); if (n !== undefined) agent.temperature = n; break; }
        case 'maxTokens': { const n = r.wholeNumber(s, 1); if (n !== undefined) agent.maxTokens = n; break; }
        case 'model': case 'bin': case 'cwd': case 'endpoint': case 'apiKeyEnv': {
          const t = r.text(s, { argv: s.key !== 'endpoint' && s.key !== 'apiKeyEnv' });
          if (t !== undefined) agent[s.key] = t;
          break;
        }
      }
    }
    if (agent.use === 'openai' && !agent.endpoint) {
      r.bad(entry.node, `agents.${name}: an openai agent needs an endpoint`, 'write endpoint: "http://localhost:11434/v1"');
    }
    agent.hash = agentHash(agent);
    into[name] = agent;
  }
}

export function agentHash(agent: AgentConfig): string {
  const { hash: _hash, ...settings } = agent;
  return hashText(stableJson(settings));
}
