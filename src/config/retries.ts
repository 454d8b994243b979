import type { Card } from '../cards/card.js';
import type { Config } from './config.js';

/** Retries a `command` agent gets by default: a script's failure is deterministic. */
export const COMMAND_RETRIES = 0;

/**
 * The retries a card really gets: its own `retries`; else `defaults.retries` when orchestrator.yaml
 * sets it; else its agent's adapter default (0 for `command` agents, 2 for model agents).
 */
export function effectiveRetries(card: Pick<Card, 'retries' | 'agent'>, config: Config): number {
  if (card.retries !== undefined) return card.retries;
  if (config.defaults.retriesSet) return config.defaults.retries;
  const agent = config.agents[card.agent ?? config.defaults.agent];
  return agent?.use === 'command' ? COMMAND_RETRIES : config.defaults.retries;
}
