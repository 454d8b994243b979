import { isMap, LineCounter, parseDocument, type Node } from 'yaml';
import { diagnostic, type Diagnostic } from '../errors.js';
import { agentHash, readAgents } from './agents.js';
import { ADAPTER_NAMES, DEFAULTS, type AgentConfig, type Config } from './config.js';
import { SettingsReader } from './yaml-reader.js';

const TOP_FIELDS = ['goal', 'concurrency', 'defaults', 'backoff', 'budget', 'merge', 'worktrees', 'worktree', 'maxLogBytes', 'backend', 'agents'];
const SECTIONS: Record<string, readonly string[]> = {
  defaults: ['agent', 'timeout', 'retries', 'stall', 'workspace'],
  backoff: ['initial', 'factor', 'max'],
  budget: ['maxCostUsd'],
  merge: ['into', 'verify'],
  worktrees: ['dir', 'keep'],
  worktree: ['setup'],
  backend: ['redis', 'remote'],
};
const WORKSPACES = ['worktree', 'project', 'auto'] as const;

export interface ParsedConfig {
  config: Config;
  diagnostics: Diagnostic[];
}

/** Parse orchestrator.yaml text. Pure; every problem is collected, the config always comes back usable. */
export function parseConfig(text: string, file: string): ParsedConfig {
  const out: Diagnostic[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const config = defaultConfig(file);
  const r = new SettingsReader(file, lineCounter, out);
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
    out.push(diagnostic('CONFIG_YAML', 'expected key: value pairs', { place: r.placeOf(doc.contents), hint: 'see .orchestrator-template/orchestrator.yaml' }));
    return { config, diagnostics: out };
  }

  let agentsNode: Node | null | undefined;
  for (const top of r.settings(doc.contents, '', TOP_FIELDS)) {
    switch (top.key) {
      case 'goal': { const t = r.text(top); if (t !== undefined) config.goal = t; break; }
      case 'concurrency': config.concurrency = r.wholeNumber(top, 1) ?? config.concurrency; break;
      case 'maxLogBytes': config.maxLogBytes = r.size(top) ?? config.maxLogBytes; break;
      case 'agents': agentsNode = top.node; break;
      default: readSection(r, top.key, top.node, config);
    }
  }
  readAgents(r, agentsNode, config.agents);
  return { config, diagnostics: out };
}

function readSection(r: SettingsReader, section: string, node: Node | null | undefined, config: Config): void {
  for (const s of r.settings(node, section, SECTIONS[section] ?? [])) {
    const at = `${section}.${s.key}`;
    switch (at) {
      case 'defaults.agent': { const n = r.name(s); if (n !== undefined) config.defaults.agent = n; break; }
      case 'defaults.timeout': config.defaults.timeoutMs = r.duration(s, { timer: true }) ?? config.defaults.timeoutMs; break;
      case 'defaults.stall': config.defaults.stallMs = r.duration(s, { timer: true }) ?? config.defaults.stallMs; break;
      case 'defaults.retries': {
        const n = r.wholeNumber(s, 0);
        if (n !== undefined) Object.assign(config.defaults, { retries: n, retriesSet: true });
        break;
      }
      case 'defaults.workspace': config.defaults.workspace = r.oneOf(s, WORKSPACES) ?? config.defaults.workspace; break;
      case 'backoff.factor': config.backoff.factor = r.number(s, (x) => x >= 1, 'a number ≥ 1', '2') ?? config.backoff.factor; break;
      case 'backoff.initial': config.backoff.initialMs = r.duration(s, { timer: true }) ?? config.backoff.initialMs; break;
      case 'backoff.max': config.backoff.maxMs = r.duration(s, { timer: true }) ?? config.backoff.maxMs; break;
      case 'budget.maxCostUsd': {
        const n = r.number(s, (x) => x > 0, 'a positive number of dollars', '5');
        if (n !== undefined) config.budget.maxCostUsd = n;
        break;
      }
      case 'merge.into': config.merge.into = r.text(s) ?? config.merge.into; break;
      case 'merge.verify': { const t = r.text(s); if (t !== undefined) config.merge.verify = t; break; }
      case 'worktrees.dir': { const t = r.text(s); if (t !== undefined) config.worktrees.dir = t; break; }
      case 'worktrees.keep': config.worktrees.keep = r.bool(s) ?? config.worktrees.keep; break;
      case 'worktree.setup': { const t = r.text(s); if (t !== undefined) config.worktree.setup = t; break; }
      case 'backend.redis': { const t = r.text(s); if (t !== undefined) config.backend.redis = t; break; }
      case 'backend.remote': { const t = r.text(s, { argv: true }); if (t !== undefined) config.backend.remote = t; break; }
    }
  }
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
    defaults: {
      agent: DEFAULTS.agent, timeoutMs: DEFAULTS.timeoutMs, retries: DEFAULTS.retries, retriesSet: false,
      stallMs: DEFAULTS.stallMs, workspace: DEFAULTS.workspace,
    },
    backoff: { ...DEFAULTS.backoff },
    budget: {},
    merge: { into: DEFAULTS.mergeInto },
    worktrees: { keep: false },
    worktree: {},
    maxLogBytes: DEFAULTS.maxLogBytes,
    backend: {},
    agents,
    file,
  };
}
