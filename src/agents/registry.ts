import type { AdapterName } from '../config/config.js';
import { claudeAdapter } from './claude.js';
import { codexAdapter } from './codex.js';
import { commandAdapter } from './command.js';
import { geminiAdapter } from './gemini.js';
import { openaiAdapter } from './openai.js';
import type { AgentAdapter } from './types.js';

const ADAPTERS: Record<AdapterName, AgentAdapter> = {
  claude: claudeAdapter,
  codex: codexAdapter,
  gemini: geminiAdapter,
  openai: openaiAdapter,
  command: commandAdapter,
};

/** The adapter an agent's `use` names. */
export function adapterFor(use: AdapterName): AgentAdapter {
  return ADAPTERS[use];
}
