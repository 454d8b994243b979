import { claudeArgs } from '../agents/claude.js';
import { codexArgs } from '../agents/codex.js';
import { geminiArgs } from '../agents/gemini.js';
import { plainWords } from '../agents/shell-words.js';
import type { AttemptRequest } from '../agents/types.js';
import type { Card } from '../cards/card.js';
import type { AgentConfig, Config } from '../config/config.js';
import { agentListOf } from '../scheduler/card-flags.js';

/** A card's settings once the config's defaults and its agent are applied: what its next attempt runs with. */
export interface EffectiveCard {
  id: string;
  title: string;
  file: string;
  agent: string;
  /** The agents after the first, tried in order when it cannot do the work. */
  fallbacks: string[];
  adapter: string;
  model?: string;
  /** What is started: the command line (shell words) or the HTTP endpoint. */
  runs: string;
  timeoutMs: number;
  stallMs: number;
  retries: number;
  write: boolean;
  workspace?: string;
  deps: string[];
  inputs: string[];
  outputs: string[];
  writes: string[];
  verify?: string;
}

export function effectiveCard(card: Card, config: Config, root: string): EffectiveCard {
  const [name = config.defaults.agent, ...fallbacks] = agentListOf(card, config.defaults.agent);
  const agent = config.agents[name];
  const e: EffectiveCard = {
    id: card.id, title: card.title, file: card.file, agent: name, fallbacks, adapter: agent?.use ?? '(unknown agent)',
    runs: agent ? commandLineOf(card, agent, root) : '(unknown agent)',
    timeoutMs: card.timeoutMs ?? config.defaults.timeoutMs, stallMs: card.stallMs ?? config.defaults.stallMs,
    retries: card.retries ?? config.defaults.retries, write: card.write,
    deps: [...card.deps], inputs: [...card.inputs], outputs: [...card.outputs], writes: [...card.writes],
  };
  const model = card.model ?? agent?.model;
  if (model) e.model = model;
  if (card.workspace) e.workspace = card.workspace;
  if (card.verify) e.verify = card.verify;
  return e;
}

/** The command line an attempt starts, as the adapters build it (the prompt goes on stdin). */
export function commandLineOf(card: Card, agent: AgentConfig, root: string): string {
  const req = {
    card, agent, attempt: 1, prompt: '', promptFile: '<prompt file>', resultFile: '<result file>', orchDir: '.orchestrator', cwd: root,
    timeoutMs: 0, stallMs: 0, signal: new AbortController().signal, log: () => {}, onSpawn: () => {},
    logFile: '<log file>', logLimit: 0, mark: '<mark>',
  } satisfies AttemptRequest;
  switch (agent.use) {
    case 'claude': return words([agent.bin ?? 'claude', ...claudeArgs(req)]);
    case 'codex': return words([agent.bin ?? 'codex', ...codexArgs(req, '<last message file>')]);
    case 'gemini': return words([agent.bin ?? 'gemini', ...geminiArgs(req)]);
    case 'openai': return `POST ${agent.endpoint ?? '(no endpoint)'}/chat/completions`;
    case 'command': {
      const command = card.command ?? agent.command ?? [];
      if (typeof command === 'string') {
        const line = [command, ...agent.args].join(' ');
        return plainWords(line) ? line : `sh -c ${quote(line)}`;
      }
      const [first = agent.bin ?? 'true', ...rest] = command;
      if (agent.shell && !card.command) return `sh -c ${quote([first, ...rest, ...agent.args].join(' '))}`;
      return words([agent.bin && !card.command ? agent.bin : first, ...rest, ...agent.args]);
    }
  }
}

function words(argv: readonly string[]): string {
  // placeholders like <prompt file> stay readable; anything a shell would split or expand is quoted
  return argv.map((w) => (/^[\w@%+=:,./-]+$/.test(w) || /^<[\w ]+>$/.test(w) ? w : quote(w))).join(' ');
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
