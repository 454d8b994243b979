import type { Card } from '../cards/card.js';

/** The card fields that change how the scheduler treats a card, with their defaults. */
export interface CardFlags {
  /** Runs once its deps have ended, whatever their status. */
  always: boolean;
  /** Waits at a gate for a person's approval once its deps are done. */
  approve: boolean;
}

export function cardFlags(card: Card): CardFlags {
  const c = card as Card & Partial<CardFlags>;
  return { always: c.always === true, approve: c.approve === true };
}

/** The agents a card may run on, first choice first: its fallback list, its agent, or the default. */
export function agentListOf(card: Card, defaultAgent: string): string[] {
  const list = (card as Card & { agents?: string[] }).agents;
  if (list?.length) return list;
  return [card.agent ?? defaultAgent];
}
