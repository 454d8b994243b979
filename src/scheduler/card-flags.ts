import type { Card } from '../cards/card.js';

/** The card fields that change how the scheduler treats a card. */
export interface CardFlags {
  /** Runs once its deps have ended, whatever their status. */
  always: boolean;
  /** Waits at a gate for a person's approval once its deps are done. */
  approve: boolean;
}

export function cardFlags(card: Card): CardFlags {
  return { always: card.always, approve: card.approve };
}

/** The agents a card may run on, first choice first: its fallback list, its agent, or the default. */
export function agentListOf(card: Card, defaultAgent: string): string[] {
  if (card.agents.length) return card.agents;
  return [card.agent ?? defaultAgent];
}
